import { useState } from 'react';
import { useApi } from '../../app/session';
import type { DeviceWithOwner } from '../../app/wire';
import { FormError, SelectField } from '../../components/Field';
import { LoadState, Page } from '../../components/Page';
import { formatTime, humanize } from '../../components/format';
import { Table } from '../../components/Table';
import { useLoad, useSubmit } from '../../components/use-async';
import { useAgencies } from '../console/use-agencies';
import { shortFingerprint } from './device-key';
import { EnrollmentPolicyForm } from './EnrollmentPolicyForm';
import { RevokeDeviceButton } from './RevokeDeviceButton';

type Status = 'pending' | 'approved' | 'revoked';

/** Security administrators (§5.3.8): the devices waiting for approval, and all others, with approve and revoke. */
export function DevicesPage() {
  const api = useApi();
  const agencies = useAgencies();
  const [status, setStatus] = useState<Status>('pending');
  const devices = useLoad(() => api.get<{ items: DeviceWithOwner[] }>(`/api/v1/devices?status=${status}&limit=200`), status);
  const approve = useSubmit();
  const list = devices.data?.items ?? [];

  const onApprove = (d: DeviceWithOwner) => void approve.run(async () => {
    await api.post(`/api/v1/devices/${d.id}/approve`);
    devices.reload();
  });

  return (
    <Page title="Devices">
      <p className="muted">Only devices the State has authorized may use Parley (§5.3.8). Compare the fingerprint with the one the person reads from their waiting screen before approving.</p>
      <div className="filters filters--wide">
        <SelectField label="Show" name="status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
          <option value="pending">Waiting for approval</option>
          <option value="approved">Approved</option>
          <option value="revoked">Revoked</option>
        </SelectField>
      </div>
      <LoadState loading={devices.loading && !devices.data} error={devices.error} what="devices" />
      <FormError error={approve.errors.form} />
      <Table caption={`Devices: ${humanize(status)}`}>
        <thead>
          <tr>
            <th scope="col">Person</th><th scope="col">Agency</th><th scope="col">Device</th><th scope="col">Fingerprint</th>
            <th scope="col">First seen</th><th scope="col">Addresses</th><th scope="col">How</th><th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.id}>
              <td>{d.owner ? `${d.owner.displayName} (${d.owner.username})` : d.userId}</td>
              <td>{agencies.label(d.agencyId)}</td>
              <td>{d.name}</td>
              <td><code>{shortFingerprint(d.fingerprint)}</code></td>
              <td>{formatTime(d.firstSeenAt)}</td>
              <td>{d.addresses.join(', ') || '—'}</td>
              <td>{d.status === 'revoked' ? `Revoked: ${d.revokedReason ?? ''}` : d.status === 'pending' ? 'Waiting' : humanize(d.method)}</td>
              <td className="actions">
                {d.status === 'pending' ? (
                  <button type="button" className="primary" disabled={approve.pending} onClick={() => onApprove(d)}
                    aria-label={`Approve ${d.name} of ${d.owner?.username ?? d.userId}`}>Approve</button>
                ) : null}
                {d.status !== 'revoked' ? <RevokeDeviceButton device={d} onRevoked={devices.reload} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {!devices.loading && list.length === 0 ? <p className="muted">No devices here.</p> : null}
      <EnrollmentPolicyForm agencies={agencies} />
    </Page>
  );
}
