// Presidio-style context enhancement: a word from the detector's context list
// within a window before (or just after) a match raises its score.
import type { Span } from '../types.js';
import { eachMatchNearDigits } from './detector.js';
import type { TextInput } from './detector.js';
import type { WordClass } from './lexicon.js';

export interface ContextHit {
  word: string;
}

const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 24;

/**
 * Finds a context word near [start, end). `words` is a case-insensitive regex
 * of alternatives with bounded length, run only on the small window.
 */
export function findContext(text: string, start: number, end: number, words: RegExp,
  before = WINDOW_BEFORE, after = WINDOW_AFTER): ContextHit | null {
  const pre = text.slice(Math.max(0, start - before), start);
  words.lastIndex = 0;
  let m = words.exec(pre);
  if (m !== null) {
    // Prefer the nearest word before the match.
    let last = m;
    while (m !== null) {
      last = m;
      m = words.exec(pre);
    }
    return { word: last[0] };
  }
  if (after > 0) {
    words.lastIndex = 0;
    const post = text.slice(end, Math.min(text.length, end + after));
    const p = words.exec(post);
    if (p !== null) return { word: p[0] };
  }
  return null;
}

/** Builds the global, case-insensitive context regex for a list of words/phrases. */
export function contextWords(words: readonly string[]): RegExp {
  const alts = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s_-]?'));
  return new RegExp(`\\b(?:${alts.join('|')})\\b`, 'gi');
}

/** Score with a context boost, Presidio-style (base + 0.35, capped at 1). */
export function boosted(base: number, hit: ContextHit | null): number {
  return hit === null ? base : Math.min(1, base + 0.35);
}

export function explain(pattern: string, hit: ContextHit | null): string {
  return hit === null ? `pattern ${pattern}` : `pattern ${pattern}; context word "${hit.word}"`;
}

export interface ContextualPattern {
  type: string;
  /** Global regex with bounded quantifiers only. */
  re: RegExp;
  /** Named in the explanation. */
  pattern: string;
  context: RegExp;
  /** Window sizes for context words before and after the match. */
  before?: number;
  after?: number;
  /** Score from the match and the context hit; null drops the match. */
  score: (m: RegExpExecArray, hit: ContextHit | null) => number | null;
  attributes?: Readonly<Record<string, string>>;
  /** Words (folded) of which one must be in the text for any match to score: a cheap skip. */
  gate?: WordClass;
}

/** Runs a pattern and scores each match with its context: the common shape of identifier detectors. */
export function scanContextual(input: TextInput, p: ContextualPattern): Span[] {
  const out: Span[] = [];
  const gate = p.gate;
  if (gate !== undefined && !input.hasAnyWord(gate)) return out;
  const text = input.text;
  // Every contextual pattern here is an identifier with digits: scan only near digit clusters.
  eachMatchNearDigits(p.re, input, (m) => {
    const end = m.index + m[0].length;
    const hit = findContext(text, m.index, end, p.context, p.before, p.after);
    const score = p.score(m, hit);
    if (score === null || score < 0.5) return;
    const span: Span = { type: p.type, start: m.index, end, score, explanation: explain(p.pattern, hit) };
    if (p.attributes !== undefined) span.attributes = p.attributes;
    out.push(span);
  });
  return out;
}

/** Scorer for identifiers that only count with a context word (a checksum alone passes one number in ten). */
export const contextRequired = (score: number, valid: (s: string) => boolean = () => true) =>
  (m: RegExpExecArray, hit: ContextHit | null): number | null => (hit !== null && valid(m[0]) ? score : null);
