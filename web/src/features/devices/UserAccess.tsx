import { useApi } from '../../app/session';
import type { DeviceWithOwner, Session } from '../../app/wire';
import { FormError } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { formatTime, humanize } from '../../components/format';
import { Table } from '../../components/Table';
import { useLoad, useSubmit } from '../../components/use-async';
import { describeAgent } from '../../../../src/domain/user-agent.js';
import { shortFingerprint } from './device-key';
import { RevokeDeviceButton } from './RevokeDeviceButton';

/** A security administrator's view of one person's live sessions and devices, with ending and revoking. */
export function UserAccess({ userId }: { userId: string }) {
  const api = useApi();
  const sessions = useLoad(() => api.get<{ items: Session[] }>(`/api/v1/users/${userId}/sessions`), `s-${userId}`);
  const devices = useLoad(() => api.get<{ items: DeviceWithOwner[] }>('/api/v1/devices', { userId, limit: 200 }), `d-${userId}`);
  const end = useSubmit();
  const live = (sessions.data?.items ?? []).filter((s) => s.active);
  const byId = new Map((devices.data?.items ?? []).map((d) => [d.id, d]));
  const endSession = (s: Session) => void end.run(async () => {
    await api.delete(`/api/v1/sessions/${s.id}`);
    sessions.reload();
  });
  return (
    <section className="card" aria-labelledby="access-title">
      <h2 id="access-title">Sessions and devices</h2>
      <LoadState loading={sessions.loading && !sessions.data} error={sessions.error} what="the sessions" />
      <FormError error={end.errors.form} />
      <Table caption="Live sessions" dense>
        <thead><tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Last active</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {live.map((s) => (
            <tr key={s.id}>
              <td>{s.deviceId ? (byId.get(s.deviceId)?.name ?? 'Device') : describeAgent(s.userAgent)}</td>
              <td>{s.ip ?? '—'}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td><button type="button" disabled={end.pending} onClick={() => endSession(s)} aria-label={`End session last active ${formatTime(s.lastSeenAt)}`}>End session</button></td>
            </tr>
          ))}
        </tbody>
      </Table>
      {sessions.data && live.length === 0 ? <p className="muted">No live sessions.</p> : null}
      <LoadState loading={devices.loading && !devices.data} error={devices.error} what="the devices" />
      <Table caption="Devices" dense>
        <thead><tr><th scope="col">Device</th><th scope="col">Fingerprint</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(devices.data?.items ?? []).map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td><code>{shortFingerprint(d.fingerprint)}</code></td>
              <td>{humanize(d.status)}</td>
              <td>{d.status !== 'revoked' ? <RevokeDeviceButton device={d} onRevoked={() => { devices.reload(); sessions.reload(); }} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
