// Runs one built-in detector on a text with default parameters: for tests,
// tooling and documentation examples.
import { normalizeForMatching } from '../normalize.js';
import { guardedRegexEngine } from '../regex-engine.js';
import { tokenize } from './lexicon.js';
import { digitClusters } from './detector.js';
import { TEXT_DETECTORS } from './registry.js';
import type { NormalizedText } from '../normalize.js';
import type { Span } from '../types.js';
import type { TextInput } from './detector.js';
import type { Token } from './lexicon.js';

export function textInput(text: string): TextInput {
  let n: NormalizedText | undefined;
  let t: Token[] | undefined;
  let digit: boolean | undefined;
  let words: Set<string> | undefined;
  let clusters: { spans: number[]; longest: number } | undefined;
  const input: TextInput = {
    text,
    hasDigit: () => (digit ??= /\d/.test(text)),
    digitRun: () => (clusters ??= digitClusters(text)).longest,
    digitSpans: () => (clusters ??= digitClusters(text)).spans,
    hasAnyWord: (gate) => {
      words ??= new Set(input.tokens().map((tok) => tok.word));
      // Walk the smaller set.
      const [small, large] = gate.size < words.size ? [gate, words] : [words, gate];
      for (const w of small) if (large.has(w)) return true;
      return false;
    },
    normalized: () => (n ??= normalizeForMatching(text)),
    tokens: () => (t ??= tokenize(input.normalized())),
  };
  return input;
}

export function runDetector(id: string, text: string): Span[] {
  const d = TEXT_DETECTORS.get(id);
  if (d === undefined) throw new Error(`unknown detector ${id}`);
  return d.create(undefined, { regex: guardedRegexEngine })(textInput(text));
}
