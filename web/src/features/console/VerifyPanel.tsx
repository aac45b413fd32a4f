import { useState } from 'react';
import { useApi } from '../../app/session';
import type { VerifyResult } from '../../app/wire';
import { FormError } from '../../components/Field';
import { useSubmit } from '../../components/use-async';

/** The verifier's finding as a sentence: where, what kind of break, the server's detail, and how much held before it. */
export function describeBreak(result: VerifyResult): string {
  const b = result.firstBreak;
  if (!b) return '';
  const detail = b.detail.charAt(0).toUpperCase() + b.detail.slice(1).replace(/\.?$/, '.');
  return `The chain is broken at entry ${b.seq} (${b.problem}). ${detail} ${result.checked} entries verified before it.`;
}

/** POST /audit/verify: re-hashes the whole chain and names the first altered, deleted or reordered entry. */
export function VerifyPanel() {
  const api = useApi();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const verify = useSubmit();
  const run = () => void verify.run(async () => {
    setResult(null);
    setResult(await api.post<VerifyResult>('/api/v1/audit/verify'));
  });
  return (
    <section className="card verify" aria-labelledby="verify-title">
      <h2 id="verify-title">Chain integrity</h2>
      <p className="muted">Every entry is hashed onto the one before it, so any change to the log breaks the chain.</p>
      <button type="button" className="primary" onClick={run} disabled={verify.pending}>{verify.pending ? 'Verifying…' : 'Verify the audit log'}</button>
      <FormError error={verify.errors.form} />
      <div role="status" className="verify__result">
        {result?.ok ? <p className="ok">OK: all {result.checked} entries verified; the chain ends at entry {result.head.seq}.</p> : null}
        {result && !result.ok && result.firstBreak ? <p className="bad">{describeBreak(result)}</p> : null}
      </div>
    </section>
  );
}
