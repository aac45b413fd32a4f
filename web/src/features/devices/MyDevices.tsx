import { useApi, useSignedIn } from '../../app/session';
import type { Device } from '../../app/wire';
import { LoadState } from '../../components/Page';
import { formatTime, humanize } from '../../components/format';
import { Table } from '../../components/Table';
import { useLoad } from '../../components/use-async';
import { shortFingerprint } from './device-key';
import { RevokeDeviceButton } from './RevokeDeviceButton';

/** My devices (§5.3.8): what each is, its state, and revoking a lost one. */
export function MyDevices() {
  const api = useApi();
  const me = useSignedIn();
  const devices = useLoad(() => api.get<{ items: Device[] }>('/api/v1/me/devices'), 'my-devices');
  const list = devices.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Your devices</h2>
      <p className="muted">Revoke a device you no longer have: its sessions end at once and it cannot sign in again.</p>
      <LoadState loading={devices.loading && !devices.data} error={devices.error} what="your devices" />
      <Table caption="Your devices">
        <thead><tr><th scope="col">Device</th><th scope="col">Fingerprint</th><th scope="col">State</th><th scope="col">Last seen</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {list.map((d) => {
            const current = d.id === me.device?.id;
            return (
              <tr key={d.id}>
                <td>{d.name} {current ? <span className="tag">This browser</span> : null}</td>
                <td><code>{shortFingerprint(d.fingerprint)}</code></td>
                <td>{humanize(d.status)}</td>
                <td>{formatTime(d.lastSeenAt)}</td>
                <td>{!current && d.status !== 'revoked' ? <RevokeDeviceButton device={d} onRevoked={devices.reload} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </section>
  );
}
