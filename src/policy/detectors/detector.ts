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

/** Wraps a detector of numeric identifiers so texts without a digit cost nothing. */
export const needsDigit = (fn: DetectFn): DetectFn => (input) => (input.hasDigit() ? fn(input) : []);

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
