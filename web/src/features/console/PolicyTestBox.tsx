import { useId, useState } from 'react';
import { useApi } from '../../app/session';
import { PERSON_TYPES } from '../../../../src/domain/directory';
import { CONVERSATION_KINDS } from '../../../../src/domain/messaging';
import { FormError, SelectField, TextAreaField } from '../../components/Field';
import { humanize } from '../../components/format';
import { markSpans } from '../chat/frames';

/** POST /api/v1/policy/try */
interface TryResult {
  policyVersion: string;
  action: string;
  redactedText?: string;
  rules: { rule: string; sections: string[]; category: string; action: string; severity: string; findings: number[]; message: string }[];
  findings: { type: string; start: number; end: number; score: number; explanation: string; detector: string }[];
}

const ACTION_TEXT: Record<string, string> = {
  allow: 'Allowed: delivered as written',
  flag: 'Flagged: delivered, and queued for review',
  redact: 'Redacted: delivered with the marked parts masked',
  warn: 'Warned: sent only after the sender justifies it',
  block: 'Blocked: not delivered',
};

/**
 * The test box: paste a message and see what the policy decides, which rules
 * fire (with their sections) and what each detector matched, under the current
 * version or the draft in the editor. Nothing is stored or sent.
 */
export function PolicyTestBox({ draft }: { draft: string | null }) {
  const api = useApi();
  const id = useId();
  const [text, setText] = useState('');
  const [personType, setPersonType] = useState('employee');
  const [conversationType, setConversationType] = useState('direct');
  const [useDraft, setUseDraft] = useState(false);
  const [result, setResult] = useState<{ text: string; r: TryResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const test = async () => {
    setPending(true);
    setError(null);
    try {
      const r = await api.post<TryResult>('/api/v1/policy/try', { text, personType, conversationType, ...(useDraft && draft ? { source: draft } : {}) });
      setResult({ text, r });
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  };

  const fired = result?.r.rules.filter((x) => x.action !== 'allow') ?? [];
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test a message</h2>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void test(); }}>
        <TextAreaField label="Message" name="text" value={text} rows={4} maxLength={100_000} onChange={(e) => setText(e.target.value)}
          hint="Paste a message as a sender would write it. Nothing is sent or stored." />
        <div className="form-grid">
          <SelectField label="Sender's person type" name="personType" value={personType} onChange={(e) => setPersonType(e.target.value)}>
            {PERSON_TYPES.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
          </SelectField>
          <SelectField label="Conversation" name="conversationType" value={conversationType} onChange={(e) => setConversationType(e.target.value)}>
            {CONVERSATION_KINDS.map((k) => <option key={k} value={k}>{humanize(k)}</option>)}
          </SelectField>
        </div>
        {draft !== null ? (
          <label className="check"><input type="checkbox" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} /> Test against the draft in the editor, not the published version</label>
        ) : null}
        <div><button type="submit" className="primary" disabled={pending || !text.trim()}>Test</button></div>
      </form>
      <FormError error={error} />
      <div aria-live="polite">
        {result ? (
          <div className={`try try--${result.r.action}`}>
            <h3>{ACTION_TEXT[result.r.action] ?? result.r.action} <span className="muted">(version {result.r.policyVersion})</span></h3>
            {fired.length > 0 ? (
              <ul className="try__rules" aria-label="Rules that fired">
                {fired.map((x) => (
                  <li key={x.rule}><strong>{humanize(x.action)}</strong> · <code>{x.rule}</code> · {x.severity}: {x.message}</li>
                ))}
              </ul>
            ) : <p>No rule stops, changes or flags this message.</p>}
            {result.r.findings.length > 0 ? (
              <>
                <blockquote className="policy__text" aria-label="The message, with what the detectors matched marked">
                  {markSpans(result.text, result.r.findings).map((s, i) => (s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                </blockquote>
                <ul className="try__findings" aria-label="What the detectors found">
                  {result.r.findings.map((f, i) => (
                    <li key={i}><code>{f.type}</code> “{result.text.slice(f.start, f.end)}” (score {f.score.toFixed(2)}, {f.detector})</li>
                  ))}
                </ul>
              </>
            ) : null}
            {result.r.redactedText !== undefined ? <p>Members would see: <q className="policy__masked">{result.r.redactedText}</q></p> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
