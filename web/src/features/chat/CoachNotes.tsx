import type { CoachAction, Coaching } from './coaching';

export const COACH_LABEL: Record<CoachAction, string> = {
  block: 'Would be blocked',
  warn: 'Needs a justification',
  redact: 'Would be masked for others',
};

/**
 * What the policy would do with the draft, rule by rule: the rule id, its
 * sections and reason, and the words it matched. Read out politely when it
 * changes; the same text is tied to the message box.
 */
export function CoachNotes({ id, coaching }: { id: string; coaching: (Coaching & { text: string }) | null }) {
  const rules = coaching?.rules ?? [];
  return (
    <div id={id} className="coach" aria-live="polite">
      {rules.length > 0 ? (
        <ul className="coach__list" aria-label="Policy check of your draft">
          {rules.map((r) => {
            const matched = [...new Set(coaching!.marks.filter((m) => m.rules.includes(r.rule)).map((m) => coaching!.text.slice(m.start, m.end)))];
            return (
              <li key={r.rule} className={`coach__item coach__item--${r.action}`}>
                <strong>{COACH_LABEL[r.action]}:</strong> {r.message} <span className="coach__rule">(rule {r.rule})</span>
                {matched.length > 0 ? <> Matched: {matched.map((t, i) => <q key={i} className={`coach__match coach__match--${r.action}`}>{t}</q>)}</> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
