/**
 * Coaching before send: the server's own policy engine (src/policy), run in
 * the browser on the current pack, marks what the server would block, ask to
 * confirm, or mask. Advisory only: the server evaluates every message again
 * and its answer is the one that counts. Loaded on demand (a separate chunk).
 */
import { compilePolicy, evaluate, type Action, type Category, type CompiledPolicy, type PolicyPack } from '../../../../src/policy/index.js';
import { advisoryRegexEngine } from '../../../../src/policy/regex-advisory.js';
import type { ConversationKind } from '../../../../src/domain/messaging.js';
import type { PolicyFinding } from './frames';
import { maskSpans, type CoachAction, type CoachMark } from './coach-marks';

export type { CoachAction, CoachMark };

/** Longer texts are not coached (the server's message limit is below this); bounds the work per keystroke. */
export const COACH_MAX_CHARS = 8000;

export interface CoachRule {
  rule: string;
  sections: string[];
  category: Category;
  action: CoachAction;
  message: string;
}

export interface Coaching {
  /** The strongest coached action, or null when nothing would stop or change the message. */
  action: CoachAction | null;
  rules: CoachRule[];
  marks: CoachMark[];
}

export interface Coach {
  policyVersionId: string;
  policy: CompiledPolicy;
  /** Administrator patterns the browser could not run safely: the server still checks them. */
  skippedPatterns: readonly string[];
}

export interface Sender {
  agencyId: string | null;
  roles: readonly string[];
  personType: string;
}

const STRENGTH: Record<CoachAction, number> = { redact: 1, warn: 2, block: 3 };
const coached = (a: Action): a is CoachAction => a === 'block' || a === 'warn' || a === 'redact';

export function compileCoach(policyVersionId: string, pack: PolicyPack): Coach {
  const skippedPatterns: string[] = [];
  return { policyVersionId, policy: compilePolicy(pack, { regex: advisoryRegexEngine(skippedPatterns) }), skippedPatterns };
}

/** What the policy would do with this text, for this sender, in this kind of conversation. */
export function coach(c: Coach, text: string, sender: Sender, conversationType: ConversationKind): Coaching {
  if (!text.trim() || text.length > COACH_MAX_CHARS) return { action: null, rules: [], marks: [] };
  const decision = evaluate(c.policy, { text }, {
    ...(sender.agencyId ? { agencyId: sender.agencyId } : {}), roles: [...sender.roles], personType: sender.personType, conversationType,
  });
  const rules: CoachRule[] = [];
  const byFinding = new Map<number, { action: CoachAction; rules: string[] }>();
  let action: CoachAction | null = null;
  for (const hit of decision.rules) {
    if (!coached(hit.action)) continue;
    rules.push({ rule: hit.rule, sections: hit.sections, category: hit.category, action: hit.action, message: hit.message });
    if (action === null || STRENGTH[hit.action] > STRENGTH[action]) action = hit.action;
    for (const i of hit.findings) {
      const m = byFinding.get(i) ?? { action: hit.action, rules: [] };
      if (STRENGTH[hit.action] > STRENGTH[m.action]) m.action = hit.action;
      m.rules.push(hit.rule);
      byFinding.set(i, m);
    }
  }
  const marks = [...byFinding].flatMap(([i, m]) => {
    const f = decision.findings[i];
    return f && f.attachment === undefined && f.end > f.start ? [{ start: f.start, end: f.end, ...m }] : [];
  }).sort((a, b) => a.start - b.start || b.end - a.end);
  return { action, rules, marks };
}

/** Categories where the data, not the wording, is the problem: masking the matched spans removes it. */
const MASKABLE: ReadonlySet<Category> = new Set(['pii', 'phi', 'confidential']);
/**
 * Whether "Redact and send" may be offered for a refused message: every rule
 * that blocked it guards data (a pack category where masking removes the
 * problem, not conduct, which masking words does not fix), every span is in
 * the text, and the masked text would not be blocked again. The server
 * screens the masked text like any other message.
 */
export function redactedToSend(c: Coach, text: string, refused: { rules: readonly { rule: string }[]; findings: readonly PolicyFinding[] },
  sender: Sender, conversationType: ConversationKind): string | null {
  if (refused.findings.length === 0 || refused.findings.some((f) => f.attachment !== undefined)) return null;
  const categories = new Map(c.policy.pack.rules.map((r) => [r.id, r.category]));
  if (!refused.rules.every((r) => MASKABLE.has(categories.get(r.rule) as Category))) return null;
  const masked = maskSpans(text, refused.findings);
  return coach(c, masked, sender, conversationType).action === 'block' ? null : masked;
}
