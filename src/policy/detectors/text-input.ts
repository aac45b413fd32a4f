// The text under scan and its derived views (folded text, words, digit
// clusters), computed on first use and shared by all detectors.
import { normalizeForMatching } from '../normalize.js';
import { digitClusters } from './detector.js';
import { indexTokens, tokenize } from './lexicon.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Token, TokenIndex, WordClass } from './lexicon.js';

/** The text under scan with its derived views, each computed on first use and shared by all detectors. */
class LazyTextInput implements TextInput {
  #normalized: NormalizedText | undefined;
  #tokens: Token[] | undefined;
  #index: TokenIndex | undefined;
  #classes = -1;
  #byStart: Map<number, number> | undefined;
  #clusters: { spans: number[]; longest: number } | undefined;

  constructor(readonly text: string) {}

  normalized(): NormalizedText {
    return (this.#normalized ??= normalizeForMatching(this.text));
  }

  tokens(): readonly Token[] {
    return (this.#tokens ??= tokenize(this.normalized()));
  }

  tokenIndex(): TokenIndex {
    return (this.#index ??= indexTokens(this.tokens()));
  }

  tokenStartingAt(offset: number): number {
    if (this.#byStart === undefined) {
      const map = this.normalized().map;
      this.#byStart = new Map(this.tokens().map((t, i) => [map[t.start] as number, i] as const));
    }
    return this.#byStart.get(offset) ?? -1;
  }

  hasDigit(): boolean {
    return this.digitRun() > 0;
  }

  digitRun(): number {
    return (this.#clusters ??= digitClusters(this.text)).longest;
  }

  digitSpans(): readonly number[] {
    return (this.#clusters ??= digitClusters(this.text)).spans;
  }

  hasAnyWord(cls: WordClass): boolean {
    if (this.#classes < 0) {
      let bits = 0;
      for (const t of this.tokens()) bits |= t.classes;
      this.#classes = bits;
    }
    return (this.#classes & cls.bit) !== 0;
  }
}

export function textInput(text: string): TextInput {
  return new LazyTextInput(text);
}
