import { useState } from 'react';
import { PERSON_TYPES } from '../../../../src/domain/directory';
import { useApi } from '../../app/session';
import type { PersonType, User } from '../../app/wire';
import { SelectField, TextField } from '../../components/Field';
import { FormCard } from '../../components/FormCard';
import { humanize } from '../../components/format';
import { useSubmit } from '../../components/use-async';
import type { Agencies } from './use-agencies';

const FIELDS = ['username', 'displayName', 'email', 'agencyId', 'personType'] as const;
const EMPTY = { username: '', displayName: '', email: '', agencyId: '', personType: 'employee' as PersonType };

/** POST /users: the answer carries the new user's one-time secret, passed up to be shown once. */
export function CreateUserForm({ agencies, onCreated }: { agencies: Agencies; onCreated(user: User, secret: string): void }) {
  const api = useApi();
  const [form, setForm] = useState(EMPTY);
  const submit = useSubmit(FIELDS, { already_exists: 'username' });
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const onSubmit = submit.onSubmit(async () => {
    const res = await api.post<{ user: User; oneTimeSecret: string }>('/api/v1/users', {
      username: form.username.trim(),
      displayName: form.displayName.trim(),
      email: form.email.trim() || null,
      agencyId: form.agencyId || null,
      personType: form.personType,
    });
    setForm(EMPTY);
    onCreated(res.user, res.oneTimeSecret);
  });

  return (
    <FormCard id="new-user" title="New user" onSubmit={onSubmit} error={submit.errors.form}>
      <TextField label="Username" name="username" required autoComplete="off" value={form.username} onChange={set('username')}
        hint="Letters, digits, dot, dash or underscore" error={submit.errors.field('username')} />
      <TextField label="Display name" name="displayName" required autoComplete="off" value={form.displayName} onChange={set('displayName')}
        error={submit.errors.field('displayName')} />
      <TextField label="Email (optional)" name="email" type="email" autoComplete="off" value={form.email} onChange={set('email')}
        error={submit.errors.field('email')} />
      <SelectField label="Agency" name="agencyId" value={form.agencyId} onChange={set('agencyId')} error={submit.errors.field('agencyId')}>
        <option value="">None (statewide staff)</option>
        {agencies.list.map((a) => <option key={a.id} value={a.id}>{agencies.label(a.id)}</option>)}
      </SelectField>
      <SelectField label="Person type (§8.3)" name="personType" value={form.personType} onChange={set('personType')}
        error={submit.errors.field('personType')}>
        {PERSON_TYPES.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
      </SelectField>
      <div className="form-grid__actions"><button type="submit" className="primary" disabled={submit.pending}>Create user</button></div>
    </FormCard>
  );
}
