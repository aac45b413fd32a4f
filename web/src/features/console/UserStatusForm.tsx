import { useState } from 'react';
import { useApi } from '../../app/session';
import type { User, UserStatus } from '../../app/wire';
import { SelectField, TextField } from '../../components/Field';
import { FormCard } from '../../components/FormCard';
import { useSubmit } from '../../components/use-async';

/** The status changes open from each status: records are never deleted, and deprovisioning is reversible only by reactivation. */
export const STATUS_ACTIONS: Record<UserStatus, { to: UserStatus; label: string }[]> = {
  active: [{ to: 'suspended', label: 'Suspend' }, { to: 'deprovisioned', label: 'Deprovision' }],
  suspended: [{ to: 'active', label: 'Reactivate' }, { to: 'deprovisioned', label: 'Deprovision' }],
  deprovisioned: [{ to: 'active', label: 'Reactivate' }],
};

/** POST /users/:id/status with the reason the audit log keeps. Leaving active ends the user's sessions at once. */
export function UserStatusForm({ user, onChanged }: { user: User; onChanged(user: User): void }) {
  const api = useApi();
  const actions = STATUS_ACTIONS[user.status];
  const [to, setTo] = useState<UserStatus>(actions[0]!.to);
  const [reason, setReason] = useState('');
  const submit = useSubmit(['status', 'reason']);
  const target = actions.some((a) => a.to === to) ? to : actions[0]!.to;

  const onSubmit = submit.onSubmit(async () => {
    const updated = await api.post<User>(`/api/v1/users/${user.id}/status`, { status: target, reason: reason.trim() });
    setReason('');
    onChanged(updated);
  });

  return (
    <FormCard title="Change status" onSubmit={onSubmit} error={submit.errors.form}>
      <SelectField label="Action" name="status" value={target} onChange={(e) => setTo(e.target.value as UserStatus)} error={submit.errors.field('status')}>
        {actions.map((a) => <option key={a.to} value={a.to}>{a.label}</option>)}
      </SelectField>
      <TextField label="Reason" name="reason" required value={reason} onChange={(e) => setReason(e.target.value)}
        hint="Kept in the audit log" error={submit.errors.field('reason')} />
      <div className="form-grid__actions">
        <button type="submit" className={target === 'active' ? 'primary' : 'danger'} disabled={submit.pending || !reason.trim()}>
          {actions.find((a) => a.to === target)?.label}
        </button>
      </div>
    </FormCard>
  );
}
