import { useApi, useSignedIn } from '../../app/session';
import type { User } from '../../app/wire';
import { Link } from '../../components/Link';
import { LoadState, Page } from '../../components/Page';
import { formatTime, humanize } from '../../components/format';
import { useLoad } from '../../components/use-async';
import { RolesEditor } from './RolesEditor';
import { UserStatusForm } from './UserStatusForm';
import { useAgencies } from './use-agencies';
import { UserAccess } from '../devices/UserAccess';

function UserFacts({ user, agencyLabel }: { user: User; agencyLabel: string }) {
  return (
    <dl className="facts card">
      <dt>Username</dt><dd>{user.username}</dd>
      <dt>Email</dt><dd>{user.email ?? '—'}</dd>
      <dt>Agency</dt><dd>{agencyLabel}</dd>
      <dt>Person type</dt><dd>{humanize(user.personType)}</dd>
      <dt>Status</dt><dd><span className={`status status--${user.status}`}>{humanize(user.status)}</span></dd>
      <dt>Created</dt><dd>{formatTime(user.createdAt)}</dd>
    </dl>
  );
}

/** One user: facts, status changes and roles, each shown only to those allowed to use it. */
export function UserPage({ id }: { id: string }) {
  const api = useApi();
  const me = useSignedIn();
  const agencies = useAgencies();
  const user = useLoad(() => api.get<User>(`/api/v1/users/${id}`), id);
  const u = user.data;
  return (
    <Page title={u ? u.displayName : 'User'} actions={<Link href="/console/users">All users</Link>}>
      <LoadState loading={user.loading && !u} error={user.error} what="the user" />
      {u ? (
        <div className="columns">
          <div className="stack">
            <UserFacts user={u} agencyLabel={u.agencyId ? agencies.label(u.agencyId) : 'None'} />
            {me.can('user.set_status') && me.user.id !== u.id ? <UserStatusForm user={u} onChanged={user.reload} /> : null}
          </div>
          <div className="stack">
            <RolesEditor userId={u.id} agencies={agencies} />
            {me.can('session.manage') && me.can('device.manage') && me.user.id !== u.id ? <UserAccess userId={u.id} /> : null}
          </div>
        </div>
      ) : null}
    </Page>
  );
}
