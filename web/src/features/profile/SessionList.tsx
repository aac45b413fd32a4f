import { describeAgent } from '../../../../src/domain/user-agent.js';
import { useApi } from '../../app/session';
import type { Session } from '../../app/wire';
import { FormError } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { formatTime } from '../../components/format';
import { useLoad, useSubmit } from '../../components/use-async';
import { Table } from '../../components/Table';

/** My sessions (GET /me/sessions), live first; ending one signs that browser out at once. */
export function SessionList() {
  const api = useApi();
  const sessions = useLoad(() => api.get<{ items: Session[] }>('/api/v1/me/sessions'), 'sessions');
  const end = useSubmit();
  // This browser first, then the most recently used.
  const live = (sessions.data?.items ?? []).filter((s) => s.active)
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);

  const endSession = (s: Session) => void end.run(async () => {
    await api.delete(`/api/v1/sessions/${s.id}`);
    sessions.reload();
  });

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <LoadState loading={sessions.loading && !sessions.data} error={sessions.error} what="your sessions" />
      <FormError error={end.errors.form} />
      <Table caption="Your active sessions">
        <thead><tr><th scope="col">Client</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last active</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {live.map((s) => (
            <tr key={s.id}>
              <td>{describeAgent(s.userAgent)} {s.current ? <span className="tag">This browser</span> : null}</td>
              <td>{s.ip ?? '—'}</td>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td>
                {s.current ? null : (
                  <button type="button" disabled={end.pending} onClick={() => endSession(s)}
                    aria-label={`End session in ${describeAgent(s.userAgent)} signed in ${formatTime(s.createdAt)}`}>End session</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
