import { citationOf, markSpans, type PolicyProblem } from './frames';
import { useChat } from './use-chat';
import { useCoach, useSender } from './use-coach';

/** The rules a message broke, each with its policy sections (§4.3, …): the "why" of a refusal. */
export function PolicyReasons({ problem }: { problem: PolicyProblem }) {
  return (
    <ul className="policy__rules">
      {problem.rules.map((r) => (
        <li key={r.rule}>{citationOf(r)} <span className="coach__rule">(rule {r.rule})</span></li>
      ))}
    </ul>
  );
}

/** The text as sent, with what the policy matched marked, so the user sees what to change. */
export function MarkedText({ text, problem }: { text: string; problem: PolicyProblem }) {
  return (
    <blockquote className="policy__text" aria-label="Your message, with the matched parts marked">
      {markSpans(text, problem.findings).map((s, i) => (s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </blockquote>
  );
}

/**
 * Why the last message or edit was not sent (policy_blocked): the rule and
 * section, and the matched spans. Where the pack allows it, the way on:
 * "Redact and send" for data that masking removes, or an override with a
 * justification when every rule lets the sender's role lift it.
 */
export function PolicyIssuePanel({ conversationId }: { conversationId: string }) {
  const [snap, store] = useChat();
  const coach = useCoach();
  const sender = useSender();
  const issue = snap.issues[conversationId];
  if (!issue) return null;
  const kind = snap.conversations?.find((c) => c.id === conversationId)?.kind;
  const masked = issue.kind === 'send' && coach.status === 'ready' && kind
    ? coach.engine.redactedToSend(coach.coach, issue.body, issue.problem, sender, kind) : null;
  const overridable = issue.kind === 'send' && issue.problem.rules.length > 0 && issue.problem.rules.every((r) => r.overridable);
  return (
    <section className="policy policy--blocked" role="alert" aria-labelledby="policy-title">
      <h3 id="policy-title">{issue.kind === 'edit' ? 'Your edit was not saved' : 'Your message was not sent'}</h3>
      <PolicyReasons problem={issue.problem} />
      <MarkedText text={issue.body} problem={issue.problem} />
      {masked !== null ? (
        <p className="policy__redact">
          The marked parts can be masked: <q className="policy__masked">{masked}</q>
        </p>
      ) : null}
      <div className="policy__actions">
        {masked !== null ? <button type="button" className="primary" onClick={() => store.sendRedacted(conversationId, masked)}>Redact and send</button> : null}
        {overridable ? <button type="button" onClick={() => store.override(conversationId)}>Override with a justification</button> : null}
        <button type="button" onClick={() => store.dismissIssue(conversationId)}>{masked !== null || overridable ? 'Change the message' : 'Dismiss'}</button>
      </div>
    </section>
  );
}
