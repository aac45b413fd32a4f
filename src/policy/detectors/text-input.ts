// The text under scan and its derived views (folded text, words, digit
// clusters), computed on first use and shared by every detector.
import { normalizeForMatching } from '../normalize.js';
import { digitClusters } from './detector.js';
import { tokenize } from './lexicon.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Token } from './lexicon.js';

/** The text under scan with its derived views, each computed on first use and shared by all detectors. */
class LazyTextInput implements TextInput {
  #normalized: NormalizedText | undefined;
  #tokens: Token[] | undefined;
  #digit: boolean | undefined;
  #words: Set<string> | undefined;
  #clusters: { spans: number[]; longest: number } | undefined;

  constructor(readonly text: string) {}

  normalized(): NormalizedText {
    return (this.#normalized ??= normalizeForMatching(this.text));
  }

  tokens(): readonly Token[] {
    return (this.#tokens ??= tokenize(this.normalized()));
  }

  hasDigit(): boolean {
    return (this.#digit ??= /\d/.test(this.text));
  }

  digitRun(): number {
    return (this.#clusters ??= digitClusters(this.text)).longest;
  }

  digitSpans(): readonly number[] {
    return (this.#clusters ??= digitClusters(this.text)).spans;
  }

  hasAnyWord(gate: ReadonlySet<string>): boolean {
    const words = (this.#words ??= new Set(this.tokens().map((tok) => tok.word)));
    // Walk the smaller set.
    const [small, large] = gate.size < words.size ? [gate, words] : [words, gate];
    for (const w of small) if (large.has(w)) return true;
    return false;
  }
}

export function textInput(text: string): TextInput {
  return new LazyTextInput(text);
}
