import { useState } from 'react';
import { ROLES, STATEWIDE_ONLY, type Role } from '../../../../src/domain/roles';
import { useApi, useSignedIn } from '../../app/session';
import type { RoleAssignment } from '../../app/wire';
import { FormError, SelectField } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { humanize } from '../../components/format';
import { useLoad, useSubmit } from '../../components/use-async';
import type { Agencies } from './use-agencies';

/** Roles an administrator can grant: every active user is an employee already. */
const GRANTABLE = ROLES.filter((r) => r !== 'employee');

export function RolesEditor({ userId, agencies }: { userId: string; agencies: Agencies }) {
  const api = useApi();
  const me = useSignedIn();
  const roles = useLoad(() => api.get<{ items: RoleAssignment[] }>(`/api/v1/users/${userId}/roles`), userId);
  const [role, setRole] = useState<Role>(GRANTABLE[0]!);
  const [agencyId, setAgencyId] = useState('');
  const change = useSubmit(['role', 'agencyId']);
  const mayAssign = me.can('user.assign_role') && me.user.id !== userId;
  const statewideOnly = STATEWIDE_ONLY.has(role);
  const shown = (roles.data?.items ?? []).filter((r) => r.role !== 'employee');

  const grant = change.onSubmit(async () => {
    await api.post(`/api/v1/users/${userId}/roles`, { role, agencyId: statewideOnly ? null : agencyId || null });
    roles.reload();
  });
  const revoke = (r: RoleAssignment) => void change.run(async () => {
    await api.delete(`/api/v1/users/${userId}/roles/${r.role}`, { agencyId: r.agencyId });
    roles.reload();
  });

  return (
    <section className="card" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <LoadState loading={roles.loading && !roles.data} error={roles.error} what="roles" />
      <FormError error={change.errors.form} />
      {roles.data && shown.length === 0 ? <p className="muted">Employee only: no staff roles.</p> : null}
      <ul className="role-list">
        {shown.map((r) => (
          <li key={`${r.role}:${r.agencyId ?? ''}`}>
            <span>{humanize(r.role)} <span className="muted">· {agencies.label(r.agencyId)}</span></span>
            {mayAssign ? (
              <button type="button" disabled={change.pending} onClick={() => revoke(r)}
                aria-label={`Revoke ${humanize(r.role)} (${agencies.label(r.agencyId)})`}>Revoke</button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayAssign ? (
        <form className="form-grid" onSubmit={grant} aria-label="Grant a role" noValidate>
          <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={change.errors.field('role')}>
            {GRANTABLE.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
          </SelectField>
          <SelectField label="Scope" name="agencyId" value={statewideOnly ? '' : agencyId} disabled={statewideOnly}
            onChange={(e) => setAgencyId(e.target.value)} error={change.errors.field('agencyId')}
            hint={statewideOnly ? 'This role is held statewide only.' : undefined}>
            <option value="">Statewide</option>
            {agencies.list.map((a) => <option key={a.id} value={a.id}>{agencies.label(a.id)}</option>)}
          </SelectField>
          <div className="form-grid__actions"><button type="submit" className="primary" disabled={change.pending}>Grant role</button></div>
        </form>
      ) : null}
    </section>
  );
}
