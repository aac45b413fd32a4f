/**
 * The server frames the chat view handles (docs/protocol/SPEC.md), and the
 * policy details of a refused message (docs/errors.md). Replies are typed
 * here because the server's frame schemas cover only what clients send.
 */
import type { ClientEvent, PresenceStatus, ServerEvent } from '../../app/wire';

export type { PresenceStatus };

/** The pushed events (the server's own ServerEvent) and the replies to the client's frames. */
export type ServerFrame =
  | ServerEvent
  | { type: 'ready'; userId: string; protocol: number }
  | { type: 'ack'; ref?: string; clientId: string; conversationId: string; messageId: string; seq: number; duplicate: boolean }
  | { type: 'history'; ref?: string; conversationId: string; events: ClientEvent[]; hasMore: boolean }
  | { type: 'resumed'; ref?: string }
  | { type: 'presence.state'; ref?: string; users: { userId: string; status: PresenceStatus; lastSeenAt: number | null }[] }
  | { type: 'ok'; ref?: string; seq?: number }
  | { type: 'pong' }
  | { type: 'error'; ref?: string; code: string; message: string; data?: Record<string, unknown> };

export interface PolicyRule {
  rule: string;
  sections: string[];
  message: string;
  overridable: boolean;
}

export interface PolicyFinding {
  type: string;
  start: number;
  end: number;
  attachment?: number;
}

/** Why the policy refused or questioned a message, as the composer explains it. */
export interface PolicyProblem {
  code: 'policy_blocked' | 'policy_confirmation_required';
  message: string;
  rules: PolicyRule[];
  findings: PolicyFinding[];
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The policy details of an `error` frame, or null when it is some other error. */
export function policyProblemOf(frame: { code: string; message: string; data?: Record<string, unknown> }): PolicyProblem | null {
  if (frame.code !== 'policy_blocked' && frame.code !== 'policy_confirmation_required') return null;
  const rules = asArray(frame.data?.rules).map((r) => {
    const o = (r ?? {}) as Record<string, unknown>;
    return {
      rule: String(o.rule ?? ''), message: String(o.message ?? ''), overridable: o.overridable === true,
      sections: asArray(o.sections).map(String),
    };
  });
  const findings = asArray(frame.data?.findings).flatMap((f) => {
    const o = (f ?? {}) as Record<string, unknown>;
    if (typeof o.start !== 'number' || typeof o.end !== 'number') return [];
    return [{ type: String(o.type ?? ''), start: o.start, end: o.end, ...(typeof o.attachment === 'number' ? { attachment: o.attachment } : {}) }];
  });
  return { code: frame.code, message: frame.message, rules, findings };
}

/** A rule's reason with the policy sections it cites (§4.3, …), each named once even when the message already names it. */
export function citationOf(rule: PolicyRule): string {
  const missing = rule.sections.map((s) => `§${s}`).filter((s) => !rule.message.includes(s));
  return missing.length > 0 ? `${rule.message} (${missing.join(', ')})` : rule.message;
}

/** Splits text into plain runs and runs covered by a span (sorted by start); overlaps go to the earlier span. */
export function splitRuns<T extends { start: number; end: number }>(text: string, spans: readonly T[]): { text: string; span: T | null }[] {
  const out: { text: string; span: T | null }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.end <= at || s.end > text.length) continue;
    const from = Math.max(s.start, at);
    if (from > at) out.push({ text: text.slice(at, from), span: null });
    out.push({ text: text.slice(from, s.end), span: s });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), span: null });
  return out;
}

/** Splits text into plain and matched runs by the findings' UTF-16 offsets (those in the body, not in files). */
export function markSpans(text: string, findings: readonly PolicyFinding[]): { text: string; marked: boolean }[] {
  const spans = findings
    .filter((f) => f.attachment === undefined && f.start < f.end && f.start >= 0 && f.end <= text.length)
    .sort((a, b) => a.start - b.start);
  return splitRuns(text, spans).map((r) => ({ text: r.text, marked: r.span !== null }));
}
