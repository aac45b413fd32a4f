// The detector contract. A factory is compiled once per rule parameter set;
// the function it returns is pure and runs once per text per evaluation.
import { DigitClusters } from '../digit-clusters.js';
import type { NormalizedText } from '../normalize.js';
import type { Token, TokenIndex, WordClass } from './lexicon.js';
import type { TokenTable } from './words.js';
import type { RegexEngine } from '../regex-engine.js';
import type { Category, Span } from '../types.js';

/** The text under scan; the obfuscation-folded view is built lazily and shared. */
export interface TextInput {
  readonly text: string;
  normalized(): NormalizedText;
  /** Words of the normalized text, shared by every lexicon detector. */
  tokens(): readonly Token[];
  /** The same words as offsets and facts in one typed array, for detectors that visit every word (no object per word). */
  tokenTable(): TokenTable;
  /** Which tokens each lexicon could match (see indexTokens). */
  tokenIndex(): TokenIndex;
  /** Index of the token that starts at this offset of the original text, or -1: maps a lexicon span back to its token. */
  tokenStartingAt(offset: number): number;
  /** Whether the text holds an ASCII digit: identifier detectors skip texts without one. */
  hasDigit(): boolean;
  /** Most digits in one cluster (digits joined by up to two of - . / ( ) + space): "(304) 555-0199" has 10. */
  digitRun(): number;
  /** The digit clusters as flat [start, end) pairs; identifier patterns only need to run near them. */
  digitSpans(): readonly number[];
  /** Whether any word of the class occurs in the text (gates for context-only detectors). */
  hasAnyWord(words: WordClass): boolean;
}

/** Returns the spans found; the caller only reads them (the list may be shared, as NO_SPANS is). */
export type DetectFn = (input: TextInput) => readonly Span[];

export interface DetectorEnv {
  regex: RegexEngine;
}

export interface DetectorFactory {
  id: string;
  category: Category;
  /** Entity types the detector can emit. */
  types: readonly string[];
  /** Throws DetectorParamError for bad parameters. */
  create(params: Readonly<Record<string, unknown>> | undefined, env: DetectorEnv): DetectFn;
}

export class DetectorParamError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
    this.name = 'DetectorParamError';
  }
}

/** A detector without parameters. */
export function fixed(id: string, category: Category, types: readonly string[], fn: DetectFn): DetectorFactory {
  return {
    id, category, types,
    create(params) {
      if (params !== undefined && Object.keys(params).length > 0) {
        throw new DetectorParamError(Object.keys(params)[0] as string, 'this detector takes no parameters');
      }
      return fn;
    },
  };
}

/** The empty result, shared: most texts give most detectors nothing to report. */
export const NO_SPANS: readonly Span[] = Object.freeze([]);

/** Wraps a detector of numeric identifiers: texts without a cluster of at least `minDigits` digits cost nothing. */
export const needsDigit = (fn: DetectFn, minDigits = 1): DetectFn =>
  (input) => (input.hasDigit() && input.digitRun() >= minDigits ? fn(input) : NO_SPANS);


/** Digit clusters of a text (flat [start, end) pairs) and the most digits in one of them. */
export function digitClusters(text: string): DigitClusters {
  const clusters = new DigitClusters();
  // Most chat has no digit: the native search skips to the first one.
  const first = text.search(FIRST_DIGIT);
  if (first < 0) return clusters;
  for (let i = first; i < text.length; i++) clusters.add(text.charCodeAt(i), i);
  return clusters.end();
}

const FIRST_DIGIT = /\d/;

export const longestDigitRun = (text: string): number => digitClusters(text).longest;

/**
 * Runs a global identifier regex only in windows around the text's digit
 * clusters (widened by `pad` units for prefixes like "A123456" or "+1 "), and
 * hands each match to `visit` with its index in the whole text.
 */
export function eachMatchNearDigits(re: RegExp, input: TextInput, visit: (m: RegExpExecArray) => void, pad = 4): void {
  const spans = input.digitSpans();
  const text = input.text;
  let lastStart = -1;
  let k = 0;
  while (k < spans.length) {
    const ws = Math.max(0, (spans[k] as number) - pad - 1);
    let we = Math.min(text.length, (spans[k + 1] as number) + pad);
    k += 2;
    while (k < spans.length && (spans[k] as number) - pad - 1 <= we) {
      we = Math.min(text.length, (spans[k + 1] as number) + pad);
      k += 2;
    }
    // Whole text when the window would be most of it anyway: no slicing cost.
    const whole = ws === 0 && we === text.length;
    const window = whole ? text : text.slice(ws, we);
    // A loop here, not eachMatch: its callback would be a closure per window, for every identifier detector on every text with digits.
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = nextMatch(re, window)) !== null) {
      if (!whole && ws > 0 && m.index === 0) continue; // lookbehind saw a cut, not the real character
      if (!whole) m.index += ws;
      if (m.index <= lastStart) continue;
      lastStart = m.index;
      visit(m);
    }
  }
}

/** Runs a global regex over text and hands each match to `visit`. Built-in regexes use only bounded quantifiers. */
export function eachMatch(re: RegExp, text: string, visit: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(re, text)) !== null) visit(m);
}

/** The next non-empty match of a global regex from its lastIndex; empty matches are stepped over. */
function nextMatch(re: RegExp, text: string): RegExpExecArray | null {
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0].length === 0) re.lastIndex++;
  return m;
}

/**
 * Runs a global regex only in windows around anchor offsets (where a telltale
 * such as a street word was seen), so a long text costs in proportion to its
 * candidates. A window starts one unit early and matches at that unit are
 * dropped, so lookbehind assertions see the real preceding character.
 */
export function eachMatchNear(re: RegExp, text: string, anchors: readonly number[], before: number, after: number,
  visit: (start: number, raw: string) => void): void {
  if (anchors.length === 0) return;
  // Callers usually pass anchors found in text order: copy and sort only when they are not.
  let ascending = true;
  for (let i = 1; i < anchors.length && ascending; i++) ascending = (anchors[i - 1] as number) <= (anchors[i] as number);
  const sorted = ascending ? anchors : [...anchors].sort((a, b) => a - b);
  let k = 0;
  let lastStart = -1;
  while (k < sorted.length) {
    const ws = Math.max(0, (sorted[k] as number) - before - 1);
    let we = Math.min(text.length, (sorted[k] as number) + after);
    while (k + 1 < sorted.length && (sorted[k + 1] as number) - before - 1 <= we) we = Math.min(text.length, (sorted[++k] as number) + after);
    k++;
    const window = text.slice(ws, we);
    eachMatch(re, window, (m) => {
      if (ws > 0 && m.index === 0) return;
      const start = ws + m.index;
      if (start <= lastStart) return;
      lastStart = start;
      visit(start, m[0]);
    });
  }
}
