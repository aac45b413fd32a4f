import { useId, useRef, useState } from 'react';
import { ApiError } from '../../app/api';
import { useApi } from '../../app/session';
import type { PolicyVersion } from '../../app/wire';
import { FormError } from '../../components/Field';
import { lineOfPath, packIssuesOf, type PackIssue } from './pack-lines';

/**
 * The policy-pack editor: YAML in a text box, "Check" (validated in full by
 * the server, nothing stored) and "Publish". Validation issues are listed
 * under the editor with their line; "Show" selects that line in the box.
 * Every user must acknowledge a newly published version before chatting again.
 */
export function PolicyEditor({ source, onChange, onPublished }: { source: string; onChange(s: string): void; onPublished(v: PolicyVersion): void }) {
  const api = useApi();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [issues, setIssues] = useState<PackIssue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);

  const run = async (what: 'check' | 'publish') => {
    setPending(true);
    setError(null);
    setIssues(null);
    setStatus('');
    try {
      if (what === 'check') {
        await api.post('/api/v1/policy/try', { text: '', source });
        setIssues([]);
        setStatus('The pack is valid. Nothing was published.');
      } else {
        const v = await api.post<PolicyVersion>('/api/v1/policy/versions', { source });
        setStatus(`Version ${v.version} is published.`);
        onPublished(v);
      }
    } catch (e) {
      const found = e instanceof ApiError && e.code === 'validation_failed' ? packIssuesOf(e.data) : [];
      if (found.length > 0) setIssues(found);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  };
  const show = (line: number) => {
    const el = box.current;
    if (!el) return;
    const lines = source.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // Bring the selected line into view: the box scrolls by its line height.
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 4) * lineHeight);
  };
  const invalid = issues !== null && issues.length > 0;

  return (
    <form className="card stack" aria-labelledby={`${id}-title`} onSubmit={(e) => { e.preventDefault(); void run('publish'); }} noValidate>
      <h2 id={`${id}-title`}>Edit and publish</h2>
      <FormError error={error} />
      <div className={`field field--wide${invalid ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-source`}>Policy pack (YAML)</label>
        <textarea id={`${id}-source`} ref={box} name="source" value={source} rows={18} spellCheck={false}
          aria-describedby={`${id}-hint${invalid ? ` ${id}-issues` : ''}`} aria-invalid={invalid ? true : undefined}
          onChange={(e) => { onChange(e.target.value); setIssues(null); setStatus(''); }} />
        <p className="field__hint" id={`${id}-hint`}>Change the version and the rules (docs/policy-pack.md), check, then publish. Everyone must acknowledge the new version before using chat again.</p>
        {invalid ? (
          <div className="pack-issues" id={`${id}-issues`} role="alert">
            <p className="field__error">The pack has {issues.length === 1 ? 'one problem' : `${issues.length} problems`}; nothing was published:</p>
            <ul>
              {issues.map((issue, i) => {
                const line = lineOfPath(source, issue.path);
                return (
                  <li key={i}>
                    {line !== null ? <button type="button" className="link-button" onClick={() => show(line)} aria-label={`Line ${line}, ${issue.path || 'the document'}`}>Line {line}</button> : null}
                    {' '}<code>{issue.path || '(document)'}</code>: {issue.message}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </div>
      <p role="status" className="pack-status">{status}</p>
      <div className="form-actions">
        <button type="button" onClick={() => void run('check')} disabled={pending || !source.trim()}>Check</button>
        <button type="submit" className="primary" disabled={pending || !source.trim()}>Publish version</button>
      </div>
    </form>
  );
}
