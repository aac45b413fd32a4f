import { useState } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { Page as ApiPage, User } from '../../app/wire';
import { Link } from '../../components/Link';
import { LoadState, Page } from '../../components/Page';
import { PagerControls } from '../../components/Pager';
import { usePager } from '../../components/pager';
import { humanize } from '../../components/format';
import { useDebounced } from '../../components/use-debounced';
import { useLoad } from '../../components/use-async';
import { CreateUserForm } from './CreateUserForm';
import { OneTimeSecret } from './OneTimeSecret';
import { NO_FILTER, UserFilters, type UserFilter } from './UserFilters';
import { useAgencies } from './use-agencies';
import { Table } from '../../components/Table';

const PAGE_SIZE = 25;

export function UsersPage() {
  const api = useApi();
  const me = useSignedIn();
  const agencies = useAgencies();
  const [filter, setFilter] = useState<UserFilter>(NO_FILTER);
  const settled = useDebounced(filter);
  const [secret, setSecret] = useState<{ username: string; secret: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const filters = { ...settled, q: settled.q.trim() };
  const pager = usePager<string>(JSON.stringify(filters));
  const query = { ...filters, after: pager.cursor, limit: PAGE_SIZE };
  const users = useLoad(() => api.get<ApiPage<User>>('/api/v1/users', query), JSON.stringify(query));

  return (
    <Page title="Users" actions={me.can('user.create') && !secret ? (
      <button type="button" aria-expanded={creating} aria-controls="new-user" onClick={() => setCreating((c) => !c)}>
        {creating ? 'Close the new-user form' : 'New user'}
      </button>
    ) : null}>
      {secret ? <OneTimeSecret {...secret} onDone={() => setSecret(null)} /> : null}
      {creating && !secret ? (
        <CreateUserForm agencies={agencies} onCreated={(u, s) => { setCreating(false); setSecret({ username: u.username, secret: s }); users.reload(); }} />
      ) : null}
      <UserFilters value={filter} onChange={setFilter} agencies={agencies} />
      <LoadState loading={users.loading && !users.data} error={users.error} what="users" />
      <Table caption="Users">
        <thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Agency</th><th scope="col">Type</th><th scope="col">Status</th></tr></thead>
        <tbody>
          {(users.data?.items ?? []).map((u) => (
            <tr key={u.id}>
              <td><Link href={`/console/users/${u.id}`}>{u.displayName}</Link></td>
              <td>{u.username}</td>
              <td>{u.agencyId ? agencies.label(u.agencyId) : '—'}</td>
              <td>{humanize(u.personType)}</td>
              <td><span className={`status status--${u.status}`}>{humanize(u.status)}</span></td>
            </tr>
          ))}
        </tbody>
      </Table>
      {users.data && users.data.items.length === 0 ? <p className="muted">No users match these filters.</p> : null}
      <PagerControls pager={pager} next={users.data?.next} label="Users" />
    </Page>
  );
}
