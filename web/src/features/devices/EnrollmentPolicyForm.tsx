import { useState } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { EnrollmentPolicy } from '../../app/wire';
import { FormError, SelectField, TextAreaField } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { useLoad, useSubmit } from '../../components/use-async';
import type { Agencies } from '../console/use-agencies';

type PolicyView = EnrollmentPolicy & { scope: string; own: boolean };

/** PEM blocks in pasted text, in order. */
export const pemBlocks = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];

/** One network per line; blank lines and surrounding spaces ignored. */
export const networkLines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** How an agency's new devices are approved: by a person, on listed networks, with a State CA certificate, or at once. */
export function EnrollmentPolicyForm({ agencies }: { agencies: Agencies }) {
  const api = useApi();
  const me = useSignedIn();
  const statewide = me.roles.some((r) => r.agencyId === null && (r.role === 'security_admin' || r.role === 'system_admin'));
  const scopes = [...(statewide ? [{ id: '*', label: 'Statewide default' }] : []), ...agencies.list.map((a) => ({ id: a.id, label: agencies.label(a.id) }))];
  const [scope, setScope] = useState<string | null>(null);
  const chosen = scope ?? scopes[0]?.id ?? null;
  const current = useLoad(async () => (chosen ? api.get<PolicyView>(`/api/v1/device-enrollment/${encodeURIComponent(chosen)}`) : null), chosen ?? '');
  if (!chosen) return null;
  return (
    <section className="card stack" aria-labelledby="enrollment-title">
      <h2 id="enrollment-title">Enrollment policy</h2>
      <p className="muted">How new devices of an agency are approved.</p>
      <SelectField label="For" name="scope" value={chosen} onChange={(e) => setScope(e.target.value)}>
        {scopes.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
      </SelectField>
      <LoadState loading={current.loading && !current.data} error={current.error} what="the enrollment policy" />
      {current.data ? <PolicyEditor key={chosen} scope={chosen} initial={current.data} onSaved={current.reload} /> : null}
    </section>
  );
}

function PolicyEditor({ scope, initial, onSaved }: { scope: string; initial: PolicyView; onSaved(): void }) {
  const api = useApi();
  const [mode, setMode] = useState(initial.mode);
  const [networks, setNetworks] = useState(initial.networks.join('\n'));
  const [cas, setCas] = useState(initial.caCertificates.join('\n'));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(['mode', 'networks', 'caCertificates']);
  const onSubmit = submit.onSubmit(async () => {
    await api.request('PUT', `/api/v1/device-enrollment/${encodeURIComponent(scope)}`, {
      body: { mode, networks: networkLines(networks), caCertificates: pemBlocks(cas) },
    });
    setSaved(true);
    onSaved();
  });
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Rules for new devices" noValidate>
      <FormError error={submit.errors.form} />
      {!initial.own ? <p className="muted">No policy of its own yet: it follows the one shown.</p> : null}
      <SelectField label="New devices" name="mode" value={mode} onChange={(e) => setMode(e.target.value as 'approval' | 'open')}
        error={submit.errors.field('mode')}>
        <option value="approval">Wait for a security administrator (unless on a listed network or with a State certificate)</option>
        <option value="open">Are approved at once (still recorded, and can be revoked)</option>
      </SelectField>
      <TextAreaField label="Trusted networks" name="networks" rows={3} value={networks} onChange={(e) => setNetworks(e.target.value)}
        hint="One CIDR block per line, e.g. 10.20.0.0/16. Devices enrolling from these addresses are approved at once." error={submit.errors.field('networks')} />
      <TextAreaField label="State CA certificates" name="caCertificates" rows={4} value={cas} onChange={(e) => setCas(e.target.value)}
        hint="PEM. A device presenting a certificate from one of these CAs for its own key is approved at once." error={submit.errors.field('caCertificates')} />
      <div className="form-grid__actions"><button type="submit" className="primary" disabled={submit.pending}>Save policy</button></div>
      {saved ? <p className="notice" role="status">The enrollment policy was saved.</p> : null}
    </form>
  );
}
