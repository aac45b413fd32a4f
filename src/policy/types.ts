// Types shared by the content-policy engine. Everything here is plain data so a
// compiled policy can run on the server and in the browser alike.

export const ACTIONS = ['allow', 'warn', 'block', 'redact', 'flag'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Strength of each action; the strongest among the hits wins. block stops the
 * message; warn stops it until the sender justifies it (so it is stronger than
 * anything that delivers); redact delivers altered content, which is stronger
 * than flag, which delivers unaltered content for later review.
 */
export const ACTION_STRENGTH: Readonly<Record<Action, number>> = Object.freeze({
  allow: 0, flag: 1, redact: 2, warn: 3, block: 4,
});

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  'pii', 'phi', 'confidential', 'sexual', 'harassment', 'threat', 'profanity', 'gossip', 'joke', 'custom', 'file',
] as const;
export type Category = (typeof CATEGORIES)[number];

// Person types (§8.3) and conversation kinds have one home, in the domain; the engine uses them as they are.
export { PERSON_TYPES, type PersonType } from '../domain/directory.js';
export { CONVERSATION_KINDS as CONVERSATION_TYPES, type ConversationKind as ConversationType } from '../domain/messaging.js';
import type { PersonType } from '../domain/directory.js';
import type { ConversationKind as ConversationType } from '../domain/messaging.js';

/** A detected span. Offsets are UTF-16 code units into the original text, end exclusive. */
export interface Span {
  type: string;
  start: number;
  end: number;
  score: number;
  /** Which pattern matched and which context word raised the score, for reviewers. */
  explanation: string;
  /** Extra facts, e.g. the protected class of a harassment finding. */
  attributes?: Readonly<Record<string, string>>;
}

export interface Finding extends Span {
  detector: string;
  /** Index of the attachment the span is in; absent for the message text. */
  attachment?: number;
}

export interface Scope {
  agencies?: string[];
  roles?: string[];
  personTypes?: PersonType[];
  conversationTypes?: ConversationType[];
}

export interface DetectorRef {
  /** Detector id from the built-in registry, or `keywords` / `regex` / `file_size` / `file_type` / `file_unreadable`. */
  id: string;
  /** Entity types of the detector this rule cares about; all of them when absent. */
  types?: string[];
  /** Findings scoring below this do not trigger the rule (they are still reported). */
  minScore?: number;
  params?: Record<string, unknown>;
}

export interface Rule {
  id: string;
  sections: string[];
  category: Category;
  description?: string;
  message: string;
  detectors: DetectorRef[];
  /** The rule fires only when the message also holds a finding of one of these types (e.g. PHI = health + identifier). */
  requireAny?: string[];
  severity: Severity;
  action: Action;
  overridableBy: string[];
  appliesTo?: Scope;
  exempt?: Scope;
  enabled: boolean;
}

export interface PolicyPack {
  id: string;
  version: string;
  title: string;
  banner: string;
  rules: Rule[];
  description?: string;
}

export interface EvaluationContext {
  agencyId?: string;
  roles: string[];
  personType: string;
  conversationType: ConversationType;
}

export interface Attachment {
  name: string;
  size: number;
  contentType: string;
  /** Text extracted server-side (see extract/); scanned by the same detectors. */
  text?: string;
  /**
   * Why `text` is not the whole of the attachment's text (unreadable, or cut at
   * an extraction limit), when it is not. Reported as FILE_UNREADABLE whatever the pack.
   */
  unreadable?: string;
}

export interface Message {
  text: string;
  attachments?: Attachment[];
}

export interface RuleHit {
  rule: string;
  sections: string[];
  category: Category;
  action: Action;
  severity: Severity;
  overridableBy: string[];
  /** Indexes into Decision.findings. */
  findings: number[];
  message: string;
}

export interface Decision {
  action: Action;
  findings: Finding[];
  rules: RuleHit[];
  redactedText?: string;
}
