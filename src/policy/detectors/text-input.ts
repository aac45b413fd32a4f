// The text under scan and its derived views (folded text, words, digit
// clusters), computed together on first use and shared by all detectors.
import { lowerCasedAscii, normalizeForMatching, PLAIN_MAX_LENGTH } from '../normalize.js';
import { digitClusters } from './detector.js';
import { indexTokens } from './lexicon.js';
import { scanWords } from './words.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Token, TokenIndex, WordClass } from './lexicon.js';
import type { DigitClusters, TokenTable } from './words.js';

const NON_ASCII = /[\u0080-\uffff]/;

/** The text under scan with its derived views, computed on first use and shared by all detectors. */
class LazyTextInput implements TextInput {
  #normalized: NormalizedText | undefined;
  #table: TokenTable | undefined;
  #clusters: DigitClusters | undefined;
  #index: TokenIndex | undefined;

  constructor(readonly text: string) {}

  /**
   * Most chat is plain ASCII that needs nothing but lower-casing: one pass over
   * it checks that, finds the words and the digit clusters. Other text is
   * folded first, then its words found, and its digits found in a pass of their own.
   */
  #scan(): TokenTable {
    const src = this.text;
    if (src.length <= PLAIN_MAX_LENGTH && !NON_ASCII.test(src)) {
      const lower = src.toLowerCase();
      const digits: DigitClusters = { spans: [], longest: 0 };
      const table = scanWords(lower, true, digits);
      if (table !== null) {
        this.#normalized = lowerCasedAscii(lower);
        this.#clusters = digits;
        return (this.#table = table);
      }
    }
    const n = (this.#normalized = normalizeForMatching(src));
    this.#clusters = digitClusters(src);
    return (this.#table = scanWords(n.text, false, null) as TokenTable);
  }

  normalized(): NormalizedText {
    if (this.#normalized === undefined) this.#scan();
    return this.#normalized as NormalizedText;
  }

  tokenTable(): TokenTable {
    return this.#table ?? this.#scan();
  }

  tokens(): readonly Token[] {
    return this.tokenTable().tokens();
  }

  tokenIndex(): TokenIndex {
    return (this.#index ??= indexTokens(this.tokenTable()));
  }

  tokenStartingAt(offset: number): number {
    const table = this.tokenTable();
    const map = (this.#normalized as NormalizedText).map;
    // Original offsets of the words' starts ascend with the words: binary search.
    let lo = 0;
    let hi = table.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = map[table.start(mid)] as number;
      if (s === offset) return mid;
      if (s < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  hasDigit(): boolean {
    return this.digitRun() > 0;
  }

  digitRun(): number {
    if (this.#clusters === undefined) this.#scan();
    return (this.#clusters as DigitClusters).longest;
  }

  digitSpans(): readonly number[] {
    if (this.#clusters === undefined) this.#scan();
    return (this.#clusters as DigitClusters).spans;
  }

  hasAnyWord(cls: WordClass): boolean {
    return (this.tokenTable().classes & cls.bit) !== 0;
  }
}

export function textInput(text: string): TextInput {
  return new LazyTextInput(text);
}
