import { useState } from 'react';
import { useApi } from '../../app/session';
import type { VerifyResult } from '../../app/wire';
import { FormError } from '../../components/Field';
import { useSubmit } from '../../components/use-async';

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
        {result && !result.ok ? (
          <p className="bad">
            Broken at entry {result.firstBreak?.seq}: {result.firstBreak?.problem}. {result.firstBreak?.detail} ({result.checked} entries checked.)
          </p>
        ) : null}
      </div>
    </section>
  );
}
