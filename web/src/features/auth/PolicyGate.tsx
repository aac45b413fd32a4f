import { ApiError } from '../../app/api';
import { useSession, useApi } from '../../app/session';
import { FormError } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { useLoad, useSubmit } from '../../components/use-async';
import type { PolicyVersion } from '../../app/wire';
import { SignOutButton } from './SignOutButton';

/**
 * WVOT-PO1010 §4.2: before anything else the user reads the banner (no
 * expectation of privacy; all instant messages are monitored and recorded) and
 * acknowledges this exact version. The acknowledgement is recorded and audited
 * by the server; a new version brings this screen back.
 */
export function PolicyGate() {
  const api = useApi();
  const { refresh } = useSession();
  const current = useLoad(() => api.get<{ policy: PolicyVersion; acknowledged: boolean }>('/api/v1/policy/current'), 'current');
  const submit = useSubmit();
  const policy = current.data?.policy;

  const acknowledge = () => {
    if (!policy) return;
    void submit.run(async () => {
      try {
        await api.post('/api/v1/policy/acknowledgements', { policyVersionId: policy.id });
      } catch (e) {
        // A newer version was published while this one was on screen: show that one instead.
        if (e instanceof ApiError && e.code === 'policy_version_mismatch') current.reload();
        throw e;
      }
      await refresh();
    });
  };

  return (
    <main className="gate" id="main">
      <section className="card gate__card gate__card--wide" aria-labelledby="policy-title">
        <p className="eyebrow">Before you continue</p>
        <LoadState loading={current.loading} error={current.error} what="the acceptable-use policy" />
        {policy ? (
          <>
            <h1 id="policy-title">{policy.title}</h1>
            <p className="muted">Version {policy.version}</p>
            <div className="banner-text" role="region" tabIndex={0} aria-label="Policy text">{policy.banner}</div>
            <FormError error={submit.errors.form} />
            <div className="row">
              <button type="button" className="primary" onClick={acknowledge} disabled={submit.pending}>
                I have read and acknowledge this policy
              </button>
              <SignOutButton />
            </div>
          </>
        ) : <h1 id="policy-title">Acceptable-use policy</h1>}
      </section>
    </main>
  );
}
