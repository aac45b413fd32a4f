// evaluate(): runs each compiled detector once over the message text and each
// attachment's text, resolves overlapping identifier spans, then decides which
// rules fire for this sender and conversation. Pure: no clock, no I/O.
import { textInput } from './detectors/text-input.js';
import { ACTION_STRENGTH, CONVERSATION_TYPES } from './types.js';
import type { CompiledDetector, CompiledPolicy, CompiledRule } from './compile.js';
import type { Action, Attachment, Decision, EvaluationContext, Finding, Message, RuleHit, Scope, Span } from './types.js';

/** A detector that finds more than this in one text is reporting noise; the rest are dropped. */
export const MAX_FINDINGS_PER_DETECTOR = 1000;
const REDACTION_CHAR = '█';
// Shared empty list for the common absent cases, so they allocate nothing.
const NONE: readonly never[] = [];

export class PolicyInputError extends Error {
  readonly code = 'policy_input_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyInputError';
  }
}

// Identifier detectors compete for the same characters (an SSN also looks like
// a phone number). The more specific kind keeps the span: a checksum beats a
// context-confirmed format, which beats a bare digit layout; then the score.
const SPECIFICITY: Readonly<Record<string, number>> = {
  us_ssn: 3, credit_card: 3, iban: 3, aba_routing: 3, npi: 3, dea: 3,
  driver_license: 2, passport: 2, bank_account: 2, medicare_mbi: 2, medical_record_number: 2, street_address: 2, date_of_birth: 2,
  phone: 1, ip_address: 1, icd10: 1, person_name: 1,
};

const rank = (f: Finding): number => SPECIFICITY[f.detector] ?? 0;
const byPrecedence = (a: Finding, b: Finding): number => rank(b) - rank(a) || b.score - a.score || (b.end - b.start) - (a.end - a.start);
const isIdentifier = (f: Finding): boolean => rank(f) > 0;

// Up to this many competing identifiers are put in order by insertion: Array.prototype.sort allocates a work array per call.
const INSERTION_SORT_MAX = 16;

/** Sorts `list` in place by precedence, stably (as Array.prototype.sort does). */
function byPrecedenceStable(list: Finding[]): Finding[] {
  if (list.length > INSERTION_SORT_MAX) return list.sort(byPrecedence);
  for (let i = 1; i < list.length; i++) {
    const f = list[i] as Finding;
    let j = i;
    for (; j > 0 && byPrecedence(list[j - 1] as Finding, f) > 0; j--) list[j] = list[j - 1] as Finding;
    list[j] = f;
  }
  return list;
}

function resolveOverlaps(findings: Finding[]): Finding[] {
  // Fewer than two identifiers compete for nothing (the usual case): no sorting, no copies.
  let ranked = 0;
  for (const f of findings) if (rank(f) > 0 && ++ranked > 1) break;
  if (ranked < 2) return findings;
  const competing = byPrecedenceStable(findings.filter(isIdentifier));
  const kept: Finding[] = [];
  // Usually nothing is dropped: the set and the filtered copy are made only when something is.
  let dropped: Set<Finding> | undefined;
  for (const f of competing) {
    let overlaps = false;
    for (let k = 0; k < kept.length && !overlaps; k++) {
      const o = kept[k] as Finding;
      overlaps = o.start < f.end && f.start < o.end && o.type !== f.type;
    }
    if (overlaps) (dropped ??= new Set()).add(f);
    else kept.push(f);
  }
  return dropped === undefined ? findings : findings.filter((f) => !(dropped as Set<Finding>).has(f));
}

function scanText(policy: CompiledPolicy, text: string, attachment: number | undefined): Finding[] {
  const input = textInput(text);
  const findings: Finding[] = [];
  const detectors = policy.detectors;
  // An indexed loop: for-of here allocated an iterator result per detector (the calls it makes are not inlined).
  for (let k = 0; k < detectors.length; k++) {
    const d = detectors[k] as CompiledDetector;
    const spans = d.run(input);
    const n = Math.min(spans.length, MAX_FINDINGS_PER_DETECTOR);
    for (let i = 0; i < n; i++) {
      const s = spans[i] as Span;
      // Built field by field (not spread) so every finding has the same shape.
      const f: Finding = { type: s.type, start: s.start, end: s.end, score: s.score, explanation: s.explanation, detector: d.key };
      if (s.attributes !== undefined) f.attributes = s.attributes;
      if (attachment !== undefined) f.attachment = attachment;
      findings.push(f);
    }
  }
  return findings.length > 1 ? resolveOverlaps(findings) : findings;
}

function scopeMatches(scope: Scope, ctx: EvaluationContext): boolean {
  if (scope.agencies && (ctx.agencyId === undefined || !scope.agencies.includes(ctx.agencyId))) return false;
  if (scope.roles && !scope.roles.some((r) => ctx.roles.includes(r))) return false;
  if (scope.personTypes && !(scope.personTypes as string[]).includes(ctx.personType)) return false;
  if (scope.conversationTypes && !scope.conversationTypes.includes(ctx.conversationType)) return false;
  return true;
}

function applies(rule: CompiledRule, ctx: EvaluationContext): boolean {
  if (rule.rule.appliesTo && !scopeMatches(rule.rule.appliesTo, ctx)) return false;
  if (rule.hasExempt && scopeMatches(rule.rule.exempt as Scope, ctx)) return false;
  return true;
}

function checkInput(message: Message, ctx: EvaluationContext): void {
  if (typeof message?.text !== 'string') throw new PolicyInputError('message.text must be a string');
  if (message.attachments !== undefined && !Array.isArray(message.attachments)) throw new PolicyInputError('message.attachments must be a list');
  message.attachments?.forEach((a: Partial<Attachment> | null, i) => {
    const at = `message.attachments[${i}]`;
    if (typeof a !== 'object' || a === null) throw new PolicyInputError(`${at} must be an object`);
    if (typeof a.name !== 'string') throw new PolicyInputError(`${at}.name must be a string`);
    if (typeof a.size !== 'number' || !Number.isFinite(a.size) || a.size < 0) throw new PolicyInputError(`${at}.size must be a non-negative number`);
    if (typeof a.contentType !== 'string') throw new PolicyInputError(`${at}.contentType must be a string`);
    if (a.text !== undefined && typeof a.text !== 'string') throw new PolicyInputError(`${at}.text must be a string when present`);
    if (a.unreadable !== undefined && typeof a.unreadable !== 'string') throw new PolicyInputError(`${at}.unreadable must be a string when present`);
  });
  if (!Array.isArray(ctx?.roles)) throw new PolicyInputError('context.roles must be a list');
  if (!CONVERSATION_TYPES.includes(ctx.conversationType)) throw new PolicyInputError(`context.conversationType must be one of ${CONVERSATION_TYPES.join(', ')}`);
}

function redact(text: string, findings: readonly Finding[], indexes: Iterable<number>): string {
  const ranges = [...indexes].map((i) => findings[i] as Finding).filter((f) => f.attachment === undefined)
    .map((f) => [f.start, f.end] as const).sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [s, e] of ranges) {
    if (e <= pos) continue;
    const from = Math.max(s, pos);
    out += text.slice(pos, from) + REDACTION_CHAR.repeat(e - from);
    pos = e;
  }
  return out + text.slice(pos);
}

/** Decides whether a message may go out. Throws PolicyInputError only for malformed arguments. */
export function evaluate(policy: CompiledPolicy, message: Message, context: EvaluationContext): Decision {
  checkInput(message, context);
  const findings: Finding[] = scanText(policy, message.text, undefined);
  const attachments = message.attachments ?? NONE;
  for (let i = 0; i < attachments.length; i++) {
    const att = attachments[i] as Attachment;
    for (const c of policy.fileChecks) {
      const hit = c.run(att);
      if (hit !== null) findings.push({ ...hit, start: 0, end: 0, detector: c.key, attachment: i });
    }
    if (typeof att.text === 'string' && att.text !== '') findings.push(...scanText(policy, att.text, i));
  }

  const hits: RuleHit[] = [];
  let action: Action = 'allow';
  // Most messages have no finding at all: no rule can fire.
  if (findings.length === 0) return { action, findings, rules: hits };
  let redactIdx: Set<number> | undefined;
  // The findings each rule's triggers accept, in finding order.
  const byRule: (number[] | undefined)[] = new Array<number[] | undefined>(policy.rules.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    for (const t of policy.triggersByDetector.get(f.detector) ?? NONE) {
      if (f.score < t.minScore || (t.types !== null && !t.types.has(f.type))) continue;
      const list = (byRule[t.rule] ??= []);
      if (list[list.length - 1] !== i) list.push(i);
    }
  }
  for (let k = 0; k < policy.rules.length; k++) {
    const idx = byRule[k];
    const cr = policy.rules[k] as CompiledRule;
    if (idx === undefined || !applies(cr, context)) continue;
    if (cr.requireAny !== null) {
      const own = new Set(idx);
      const partners: number[] = [];
      for (let i = 0; i < findings.length; i++) {
        const f = findings[i] as Finding;
        if (cr.requireAny.has(f.type) && f.score >= 0.5 && !own.has(i)) partners.push(i);
      }
      if (partners.length === 0) continue;
      idx.push(...partners);
      // The partners may come before the rule's own findings.
      idx.sort((a, b) => a - b);
    }
    const r = cr.rule;
    // Only the message text can be masked: a redact rule that fires on an
    // attachment's text would deliver the file unaltered, so it blocks instead.
    const ruleAction: Action = r.action === 'redact' && idx.some((i) => (findings[i] as Finding).attachment !== undefined) ? 'block' : r.action;
    hits.push({ rule: r.id, sections: r.sections, category: r.category, action: ruleAction, severity: r.severity,
      overridableBy: r.overridableBy, findings: idx, message: cr.message });
    if (ACTION_STRENGTH[ruleAction] > ACTION_STRENGTH[action]) action = ruleAction;
    if (ruleAction === 'redact') for (const i of idx) (redactIdx ??= new Set()).add(i);
  }
  const decision: Decision = { action, findings, rules: hits };
  if (action === 'redact') decision.redactedText = redact(message.text, findings, redactIdx as Set<number>);
  return decision;
}
