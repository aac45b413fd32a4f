// The detector contract. A factory is compiled once per rule parameter set;
// the function it returns is pure and runs once per text per evaluation.
import type { NormalizedText } from '../normalize.js';
import type { Token } from './lexicon.js';
import type { RegexEngine } from '../regex-engine.js';
import type { Category, Span } from '../types.js';

/** The text under scan; the obfuscation-folded view is built lazily and shared. */
export interface TextInput {
  readonly text: string;
  normalized(): NormalizedText;
  /** Words of the normalized text, shared by every lexicon detector. */
  tokens(): readonly Token[];
  /** Whether the text holds an ASCII digit: identifier detectors skip texts without one. */
  hasDigit(): boolean;
  /** Most digits in one cluster (digits joined by up to two of - . / ( ) + space): "(304) 555-0199" has 10. */
  digitRun(): number;
  /** Whether any of these folded words occurs in the text (gates for context-only detectors). */
  hasAnyWord(words: ReadonlySet<string>): boolean;
}

export type DetectFn = (input: TextInput) => Span[];

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

/** Wraps a detector of numeric identifiers: texts without a cluster of at least `minDigits` digits cost nothing. */
export const needsDigit = (fn: DetectFn, minDigits = 1): DetectFn =>
  (input) => (input.hasDigit() && input.digitRun() >= minDigits ? fn(input) : []);

/** Most digits in one cluster of digits and separators. */
export function longestDigitRun(text: string): number {
  let best = 0;
  let run = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      gap = 0;
      if (run > best) best = run;
    } else if (run > 0 && gap < 2 && (c === 45 || c === 46 || c === 47 || c === 40 || c === 41 || c === 43 || c === 32)) {
      // Up to two separators between digits: "(304) 555-0199".
      gap++;
    } else {
      run = 0;
      gap = 0;
    }
  }
  return best;
}

/** Runs a global regex over text and hands each match to `visit`. Built-in regexes use only bounded quantifiers. */
export function eachMatch(re: RegExp, text: string, visit: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    visit(m);
  }
}

/**
 * Runs a global regex only in windows around anchor offsets (where a telltale
 * such as a street word was seen), so a long text costs in proportion to its
 * candidates. A window starts one unit early and matches at that unit are
 * dropped, so lookbehind assertions see the real preceding character.
 */
export function eachMatchNear(re: RegExp, text: string, anchors: readonly number[], before: number, after: number,
  visit: (start: number, raw: string) => void): void {
  const sorted = [...anchors].sort((a, b) => a - b);
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
