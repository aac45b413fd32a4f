import { citationOf, markSpans, type PolicyProblem } from './frames';
import { useChat } from './use-chat';

/** The rules a message broke, each with its policy sections (§4.3, …): the "why" of a refusal. */
export function PolicyReasons({ problem }: { problem: PolicyProblem }) {
  return (
    <ul className="policy__rules">
      {problem.rules.map((r) => (
        <li key={r.rule}>{citationOf(r)}</li>
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

/** Why the last message or edit was not sent (policy_blocked): the rule and section, and the matched spans. */
export function PolicyIssuePanel({ conversationId }: { conversationId: string }) {
  const [snap, store] = useChat();
  const issue = snap.issues[conversationId];
  if (!issue) return null;
  return (
    <section className="policy policy--blocked" role="alert" aria-labelledby="policy-title">
      <h3 id="policy-title">{issue.kind === 'edit' ? 'Your edit was not saved' : 'Your message was not sent'}</h3>
      <PolicyReasons problem={issue.problem} />
      <MarkedText text={issue.body} problem={issue.problem} />
      <button type="button" onClick={() => store.dismissIssue(conversationId)}>Dismiss</button>
    </section>
  );
}
