import { useEffect, useState } from 'react';
import { useSession } from '../../app/session';
import { ApiError } from '../../app/api';
import type { Device } from '../../app/wire';
import { SignOutButton } from '../auth/SignOutButton';
import { DeviceKeyUnavailable, deviceProof, forgetDeviceKey, shortFingerprint } from './device-key';

/** How often the waiting screen asks whether the device was approved. */
const POLL_MS = 5000;

/**
 * §5.3.8: the session proves this browser's device key at once; a device
 * still waiting for approval sees only this screen, which moves on by itself
 * when a security administrator approves it.
 */
export function DeviceGate({ device }: { device: Device | null }) {
  const { api, state, refresh } = useSession();
  const csrfToken = state.status === 'signed-in' ? state.session.csrfToken : null;
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (device || !csrfToken) return;
    let cancelled = false;
    void (async () => {
      try {
        await api.post('/api/v1/me/device', await deviceProof(csrfToken));
        if (!cancelled) await refresh();
      } catch (e) {
        if (cancelled) return;
        if (e instanceof ApiError && e.code === 'device_revoked') {
          // That key is finished; the next sign-in enrolls a fresh one, which waits for approval.
          await forgetDeviceKey();
          await refresh();
          return;
        }
        setProblem(e instanceof DeviceKeyUnavailable || e instanceof Error ? e.message : String(e));
      }
    })();
    return () => { cancelled = true; };
  }, [api, csrfToken, device, refresh]);

  useEffect(() => {
    if (device?.status !== 'pending') return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [device?.status, refresh]);

  if (!device) {
    return (
      <main className="gate" id="main">
        <section className="card gate__card" aria-labelledby="device-title">
          <h1 id="device-title">Checking this device</h1>
          {problem ? <p role="alert" className="form-error">{problem}</p> : <p className="muted" role="status">Proving this browser&apos;s device key…</p>}
          <SignOutButton />
        </section>
      </main>
    );
  }
  return (
    <main className="gate" id="main">
      <section className="card gate__card" aria-labelledby="device-title">
        <h1 id="device-title">Waiting for approval</h1>
        <p>
          State policy (§5.3.8) allows only authorized devices. This browser is new to Parley, so a security
          administrator must approve it before you can continue. This page moves on by itself once they do.
        </p>
        <dl className="facts">
          <dt>Device</dt><dd>{device.name}</dd>
          <dt>Fingerprint</dt><dd><code data-testid="device-fingerprint">{shortFingerprint(device.fingerprint)}</code></dd>
        </dl>
        <p className="muted">Give the administrator the fingerprint above so they approve the right device.</p>
        <p className="muted" role="status">Waiting…</p>
        <SignOutButton />
      </section>
    </main>
  );
}
