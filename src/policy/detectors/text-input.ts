// The text under scan and its derived views (folded text, words, digit
// clusters), computed together on first use and shared by all detectors.
import { DigitClusters } from '../digit-clusters.js';
import { foldForMatching, lowerCasedAscii, needsFolding } from '../normalize.js';
import { indexTokens } from './lexicon.js';
import { scanWords } from './words.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Token, TokenIndex, WordClass } from './lexicon.js';
import type { TokenTable } from './words.js';

// Up to this length the word scan alone checks that the text needs no folding.
const SCAN_CHECK_MAX = 1024;

/** The text under scan with its derived views, computed on first use and shared by all detectors. */
class LazyTextInput implements TextInput {
  #normalized: NormalizedText | undefined;
  #table: TokenTable | undefined;
  #clusters: DigitClusters | undefined;
  #index: TokenIndex | undefined;

  constructor(readonly text: string) {}

  /**
   * Most chat is short plain ASCII that needs nothing but lower-casing: one
   * pass checks that, finds the words and the digit clusters. A long text is
   * checked by the native pattern first, since a scan that gives up late in it
   * would be wasted. Text that needs folding is folded (the same pass finding
   * its digit clusters), then its words found.
   */
  #scan(): TokenTable {
    const src = this.text;
    if (src.length <= SCAN_CHECK_MAX || !needsFolding(src)) {
      const lower = src.toLowerCase();
      const digits = new DigitClusters();
      const table = scanWords(lower, digits, src);
      if (table !== null) {
        this.#normalized = lowerCasedAscii(lower);
        this.#clusters = digits;
        return (this.#table = table);
      }
    }
    const digits = (this.#clusters = new DigitClusters());
    const n = (this.#normalized = foldForMatching(src, digits));
    return (this.#table = scanWords(n.text, null) as TokenTable);
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
