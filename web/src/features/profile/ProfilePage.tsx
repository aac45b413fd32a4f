import { useState } from 'react';
import { useSignedIn } from '../../app/session';
import { Page } from '../../components/Page';
import { humanize } from '../../components/format';
import { PasswordChangeForm } from '../auth/PasswordChangeForm';
import { SessionList } from './SessionList';
import { MyDevices } from '../devices/MyDevices';

export function ProfilePage() {
  const me = useSignedIn();
  // Changing the password ends the other sessions: show the list afresh.
  const [changes, setChanges] = useState(0);
  const staffRoles = me.roles.filter((r) => r.role !== 'employee');
  return (
    <Page title="Profile">
      <section className="card" aria-labelledby="me-title">
        <h2 id="me-title">{me.user.displayName}</h2>
        <dl className="facts">
          <dt>Username</dt><dd>{me.user.username}</dd>
          <dt>Email</dt><dd>{me.user.email ?? '—'}</dd>
          <dt>Person type</dt><dd>{humanize(me.user.personType)}</dd>
          <dt>Roles</dt>
          <dd>{staffRoles.length === 0 ? 'Employee' : staffRoles.map((r) => `${humanize(r.role)}${r.agencyId ? ' (one agency)' : ' (statewide)'}`).join(', ')}</dd>
        </dl>
      </section>
      <SessionList key={changes} />
      <MyDevices />
      <section className="card" aria-labelledby="pw-change-title">
        <h2 id="pw-change-title">Change password</h2>
        <PasswordChangeForm onChanged={() => setChanges((n) => n + 1)} />
      </section>
    </Page>
  );
}
