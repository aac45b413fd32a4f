import { useId, useState } from 'react';
import { useApi } from '../../app/session';
import type { Device } from '../../app/wire';
import { FormError, TextField } from '../../components/Field';
import { useSubmit } from '../../components/use-async';

/** Revoke with a reason: the device's sessions end and its open chats close at once. */
export function RevokeDeviceButton({ device, onRevoked, label = 'Revoke' }: { device: Device; onRevoked(): void; label?: string }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit(['reason']);
  const formId = useId();
  if (!open) {
    return <button type="button" onClick={() => setOpen(true)} aria-label={`${label} ${device.name}`}>{label}</button>;
  }
  const onSubmit = submit.onSubmit(async () => {
    await api.post(`/api/v1/devices/${device.id}/revoke`, { reason: reason.trim() });
    setOpen(false);
    onRevoked();
  });
  return (
    <form id={formId} className="inline-form" onSubmit={onSubmit} aria-label={`Revoke ${device.name}`}>
      <TextField label="Reason" name="reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)}
        error={submit.errors.field('reason')} />
      <button type="submit" className="danger" disabled={submit.pending}>Confirm revoke</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      <FormError error={submit.errors.form} />
    </form>
  );
}
