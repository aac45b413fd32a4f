import { useState, type FormEvent } from 'react';
import { FormError, TextField } from '../../components/Field';
import { useSubmit } from '../../components/use-async';
import { useApi } from '../../app/session';
import { MIN_PASSWORD_LENGTH, localPasswordProblem } from './password-rules';

/** POST /me/password. Used at first sign-in (replacing the one-time secret) and from the profile page. */
export function PasswordChangeForm({ onChanged, currentLabel = 'Current password' }: { onChanged(): Promise<void> | void; currentLabel?: string }) {
  const api = useApi();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNext] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof localPasswordProblem>>(null);
  const [done, setDone] = useState(false);
  const submit = useSubmit(['currentPassword', 'newPassword'], { invalid_credentials: 'currentPassword' });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const problem = localPasswordProblem(newPassword, confirmPassword);
    setLocal(problem);
    if (problem) return;
    const ok = await submit.run(() => api.post('/api/v1/me/password', { currentPassword, newPassword }));
    if (!ok) return;
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
    await onChanged();
  };

  return (
    <form className="stack stack--narrow" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Change password">
      <FormError error={submit.errors.form} />
      {done ? <p className="notice" role="status">Your password was changed. Your other sessions were ended.</p> : null}
      <TextField label={currentLabel} name="currentPassword" type="password" autoComplete="current-password" required
        value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={submit.errors.field('currentPassword')} />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A passphrase of several words is easiest to remember.`}
        value={newPassword} onChange={(e) => setNext(e.target.value)}
        error={local?.field === 'newPassword' ? local.message : submit.errors.field('newPassword')} />
      <TextField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required
        value={confirmPassword} onChange={(e) => setConfirm(e.target.value)}
        error={local?.field === 'confirmPassword' ? local.message : null} />
      <div><button type="submit" className="primary" disabled={submit.pending}>{submit.pending ? 'Saving…' : 'Change password'}</button></div>
    </form>
  );
}
