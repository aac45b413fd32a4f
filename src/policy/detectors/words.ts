// The words of the folded text. One pass over the characters finds each word
// and computes what detectors ask of it (its word classes, whether any lexicon
// could match it, whether a letter repeats three times, a hash for the joke
// features) into one typed array: a message costs no object and no substring
// per word. Token objects are built only for the words a detector reads.
import { RangeTable } from './range-table.js';
import type { DigitClusters } from '../digit-clusters.js';

export { hashRange } from './range-table.js';

/** Base-27 index of the first `n` units of text[s, e) (0 past the end), or -1 when one is not a-z. */
export function letterIndexAt(text: string, s: number, e: number, n: number): number {
  let idx = 0;
  for (let i = 0; i < n; i++) {
    const c = s + i < e ? text.charCodeAt(s + i) - 96 : 0;
    if (c < 0 || c > 26) return -1;
    idx = idx * 27 + c;
  }
  return idx;
}

const letterIndex = (w: string, n: number): number => letterIndexAt(w, 0, w.length, n);

// Word classes: small sets of words that detectors test for (gates such as
// "routing" or "passport", pronouns, cue words). Each class is one bit; a
// word's bits come from one table lookup as the text is scanned, and a message
// carries their union, so "does the text hold any of these words" is a bit test.
const CLASS_BITS = new RangeTable();
// First three letters of every class word (base 27, as for the lexicons): most
// words of a message are in no class and skip the lookup.
const CLASS_PREFIX3 = new Uint8Array(27 ** 3);
let classCount = 0;
const MAX_CLASSES = 31;

export interface WordClass {
  readonly bit: number;
  /** Whether the token's word is in the class. */
  has(t: Token): boolean;
}

/** Registers a class of folded words; call at module load, before any text is scanned. */
export function wordClass(words: Iterable<string>): WordClass {
  // A developer error, caught by any test that loads the detectors: widen `classes` if more are needed.
  if (classCount >= MAX_CLASSES) throw new Error(`more than ${MAX_CLASSES} word classes`);
  const bit = 1 << classCount++;
  for (const w of words) {
    CLASS_BITS.set(w, CLASS_BITS.get(w) | bit);
    const k = letterIndex(w, 3);
    // Words with other characters ("driver's") always take the lookup.
    if (k >= 0) CLASS_PREFIX3[k] = 1;
  }
  return Object.freeze({ bit, has: (t: Token) => (t.classes & bit) !== 0 });
}

// Every lexicon word and stem by its first four letters (three-letter ones
// whole). Base forms only strip endings, so a word whose prefix is not here
// cannot match any lexicon: the common case costs one bitmap read.
const ALL_PREFIX4 = new RangeTable();
const ALL_SHORT = new RangeTable();
// The same sets as bitmaps over letters a-z (index in base 27, 0 = end of word).
// BITMAP4 is a bit set (66 KB rather than 531 KB as bytes), so its reads mostly stay in cache.
const BITMAP4 = new Uint32Array(Math.ceil(27 ** 4 / 32));
const inBitmap4 = (i: number): boolean => ((BITMAP4[i >>> 5] as number) & (1 << (i & 31))) !== 0;
const BITMAP_SHORT = new Uint8Array(27 ** 3);

// The first unit of every lexicon word, stem and phrase start.
const FIRST_UNITS = new Set<number>();

/** Registers a lexicon word, stem or phrase start; call at module load, before any text is scanned. */
export function registerLexiconWord(word: string): void {
  FIRST_UNITS.add(word.charCodeAt(0));
  if (word.length <= 3) {
    ALL_SHORT.set(word, 1);
    const i = letterIndex(word, 3);
    if (i >= 0) BITMAP_SHORT[i] = 1;
  } else {
    ALL_PREFIX4.set(word.slice(0, 4), 1);
    const i = letterIndex(word, 4);
    if (i >= 0) BITMAP4[i >>> 5] = (BITMAP4[i >>> 5] as number) | (1 << (i & 31));
  }
}

/** Whether the word text[s, e) could match a lexicon, judged by its first letters. */
function prefixKnownAt(text: string, s: number, e: number): boolean {
  if (e - s <= 3) {
    const k = letterIndexAt(text, s, e, 3);
    return k >= 0 ? BITMAP_SHORT[k] === 1 : ALL_SHORT.get(text.slice(s, e)) === 1;
  }
  const i = letterIndexAt(text, s, e, 4);
  if (i >= 0 ? inBitmap4(i) : ALL_PREFIX4.get(text.slice(s, s + 4)) === 1) return true;
  // A three-letter lexicon word ("ass") matches longer forms of it ("asses").
  const j = letterIndexAt(text, s, e, 3);
  return j >= 0 ? BITMAP_SHORT[j] === 1 : ALL_SHORT.get(text.slice(s, s + 3)) === 1;
}

export function hasTripleAt(text: string, s: number, e: number): boolean {
  for (let i = s + 2; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2)) return true;
  }
  return false;
}

const TRIPLE = 1;
const HOT = 2;
/** Whether a tripled word could match once squeezed ("fuuuck"); rare, so it works on the string. */
const squeezedKnown = (text: string, s: number, e: number): boolean => {
  // Squeezing keeps the first unit: a word no lexicon word starts like ("1000") needs no string work.
  if (!FIRST_UNITS.has(text.charCodeAt(s))) return false;
  // Each run of three or more of one unit becomes one ("1111" -> "1"), without a regular expression's set-up cost.
  let w = '';
  for (let i = s; i < e;) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    while (j < e && text.charCodeAt(j) === c) j++;
    w += j - i >= 3 ? text[i] : text.slice(i, j);
    i = j;
  }
  return prefixKnownAt(w, 0, w.length);
};

/**
 * A word of the normalized text, built from the scan's facts when a detector
 * asks for it. The word itself is sliced only when read.
 */
export class Token {
  /** The word and its base forms, computed on first use. */
  forms: string[] | undefined = undefined;
  /** Lexicon id -> entry, computed on first use; null when no lexicon matches. */
  matches: Map<number, string> | null | undefined = undefined;
  #word: string | undefined = undefined;
  readonly #text: string;
  readonly #s: number;
  readonly #e: number;

  /** The word is text[s, e) (apostrophes trimmed); start/end are its untrimmed extent. */
  constructor(text: string, s: number, e: number, readonly start: number, readonly end: number, readonly flags: number,
    /** Bits of the word classes (see wordClass) the word belongs to. */
    readonly classes: number) {
    this.#text = text;
    this.#s = s;
    this.#e = e;
  }

  /** Whether a letter repeats three times ("fuuuck"). */
  get triple(): boolean {
    return (this.flags & TRIPLE) !== 0;
  }

  /** Whether any lexicon could match this word. */
  get hot(): boolean {
    return (this.flags & HOT) !== 0;
  }

  get word(): string {
    return (this.#word ??= this.#text.slice(this.#s, this.#e));
  }
}

// FNV-1a, as hashRange in range-table.ts. Defined here, not imported: the scan
// uses them for every unit, and an imported binding can cost a getter call each
// time when the engine is loaded through CommonJS interop (a tsx require).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// Per word in the table: untrimmed start and end, trimmed start and end, flags, class bits, hash.
const STRIDE = 7;

// Tables are cut from shared arenas by moving a pointer: no allocation per
// text (V8 allocates a typed array of more than a few words outside the heap,
// and a growing plain array copies itself), and nothing is ever reused, so a
// table stays valid as long as it is referenced. A full arena is left to the
// garbage collector with the last table that uses it.
const ARENA_SIZE = 1 << 18;
let arena = new Int32Array(ARENA_SIZE);
let arenaTop = 0;

/** The words of one text: offsets and facts in a typed array, Token objects on demand. */
export class TokenTable {
  readonly #text: string;
  readonly #data: Int32Array;
  readonly #base: number;
  #objects: (Token | undefined)[] | undefined = undefined;
  #all: Token[] | undefined = undefined;

  constructor(text: string, data: Int32Array, base: number, readonly count: number,
    /** Union of the class bits of all words. */
    readonly classes: number) {
    this.#text = text;
    this.#data = data;
    this.#base = base;
  }

  /** Untrimmed start and end of word i in the normalized text. */
  start(i: number): number {
    return this.#data[this.#base + i * STRIDE] as number;
  }

  end(i: number): number {
    return this.#data[this.#base + i * STRIDE + 1] as number;
  }

  /** FNV-1a of the untrimmed word i (see hashRange). */
  hash(i: number): number {
    return (this.#data[this.#base + i * STRIDE + 6] as number) >>> 0;
  }

  /** Whether any lexicon could match word i (see Token.hot). */
  hot(i: number): boolean {
    return ((this.#data[this.#base + i * STRIDE + 4] as number) & HOT) !== 0;
  }

  /** Whether word i is in the class (see WordClass.has). */
  inClass(i: number, cls: WordClass): boolean {
    return ((this.#data[this.#base + i * STRIDE + 5] as number) & cls.bit) !== 0;
  }

  /** Token object of word i, built once. */
  token(i: number): Token {
    const objects = (this.#objects ??= new Array<Token | undefined>(this.count));
    let t = objects[i];
    if (t === undefined) {
      const d = this.#data;
      const o = this.#base + i * STRIDE;
      t = new Token(this.#text, d[o + 2] as number, d[o + 3] as number, d[o] as number, d[o + 1] as number, d[o + 4] as number, d[o + 5] as number);
      objects[i] = t;
    }
    return t;
  }

  /** All words as Token objects, built once. */
  tokens(): readonly Token[] {
    if (this.#all === undefined) {
      const all: Token[] = [];
      for (let i = 0; i < this.count; i++) all.push(this.token(i));
      this.#all = all;
    }
    return this.#all;
  }
}

const isWordUnit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;

// The folding pre-check (NEEDS_FOLDING in normalize.ts, case-insensitive) as a table over the
// classes of the last five ASCII units, three bits each: one shift and one read per unit.
const K_LETTER = 1;
const K_DIGIT = 2; // also before a letter, or between a letter and a letter or digit
const K_LEAD = 3; // @ $ ! |: before a letter, or between a letter and a letter or digit
const K_INNER = 4; // . * _ ~ +: between a letter and a letter or digit, or between single letters
const K_SPACER = 5; // space - , /: between single letters
const UNIT_KIND = new Uint8Array(128);
const setKind = (chars: string, kind: number): void => {
  for (let i = 0; i < chars.length; i++) UNIT_KIND[chars.charCodeAt(i)] = kind;
};
for (let c = 65; c <= 90; c++) UNIT_KIND[c] = UNIT_KIND[c + 32] = K_LETTER;
setKind('0123456789', K_DIGIT);
setKind('@$!|', K_LEAD);
setKind('.*_~+', K_INNER);
setKind(' -,/', K_SPACER);
const STATE_MASK = 0x7fff;
/** FOLDS[state] = 1 when the units ending here need folding; state holds kinds, the newest in the low bits. */
const FOLDS = new Uint8Array(STATE_MASK + 1);
for (let st = 0; st <= STATE_MASK; st++) {
  const [k0, k1, k2, k3, k4] = [0, 3, 6, 9, 12].map((b) => (st >> b) & 7) as [number, number, number, number, number];
  const letter = (k: number): boolean => k === K_LETTER;
  const lead = k1 === K_DIGIT || k1 === K_LEAD;
  const inner = k1 === K_DIGIT || k1 === K_LEAD || k1 === K_INNER;
  const spacer = k2 === K_INNER || k2 === K_SPACER;
  // [0-9@$!|][a-z]; [a-z][0-9@$!|*_~+.][a-z0-9]; (^|[^a-z])[a-z][ .-_*,/+~][a-z](?![a-z]), seen one unit after it.
  if ((letter(k0) && lead) || ((letter(k0) || k0 === K_DIGIT) && inner && letter(k2))
    || (!letter(k0) && letter(k1) && spacer && letter(k3) && !letter(k4))) FOLDS[st] = 1;
}

/**
 * Splits normalized text into words of letters, digits and apostrophes (at most
 * 40 units each) and computes their facts. With `plainDigits`, the pass reads
 * the original text (`original`, lower-casing ASCII as it goes; `text` is its
 * toLowerCase()) and also checks what NEEDS_FOLDING in normalize.ts checks
 * (words.test.ts holds the two equal), returning null at the first sign that
 * the text needs folding, such as a unit beyond ASCII (the caller folds it),
 * and feeds the units to `plainDigits` for the digit clusters.
 */
export function scanWords(text: string, plainDigits: DigitClusters | null, original = text): TokenTable | null {
  const len = original.length;
  let out = arena;
  let base = arenaTop;
  let count = 0;
  let union = 0;
  // Folding check: kinds of the last five units.
  let state = 0;
  // The current word: start (-1 between words), hash, letter index of its first units, hashes after 3 and 4 units, repeats.
  let ws = -1;
  let first = 0;
  let h = 0;
  let acc = 0;
  let acc3 = 0;
  let h3 = 0;
  let h4 = 0;
  let prev = -1;
  let run = 0;
  let triple = 0;
  for (let i = 0; i <= len; i++) {
    // One unit past the end (0) closes the last word and completes the folding check.
    let c = i < len ? original.charCodeAt(i) : 0;
    if (plainDigits !== null) {
      // Up to here the original is ASCII, so `text` holds the same units lower-cased.
      if (c >= 128) return null;
      if (c >= 65 && c <= 90) c += 32;
      if (i < len) plainDigits.add(c, i);
      state = ((state << 3) | (UNIT_KIND[c] as number)) & STATE_MASK;
      if (FOLDS[state] === 1) return null;
    }
    let we: number;
    if (i < len && isWordUnit(c)) {
      if (ws < 0) {
        ws = i;
        first = c;
        h = FNV_OFFSET;
        acc = 0;
        prev = -1;
        run = 0;
        triple = 0;
      }
      const k = i - ws;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (k < 4) {
        const v = c - 96;
        acc = acc < 0 || v < 1 || v > 26 ? -1 : acc * 27 + v;
        if (k === 2) {
          acc3 = acc;
          h3 = h;
        } else if (k === 3) h4 = h;
      }
      if (c === prev) {
        if (++run >= 3) triple = TRIPLE;
      } else {
        prev = c;
        run = 1;
      }
      if (c >= 97 && c <= 122) {
        // Letters after a letter can neither need folding nor touch a digit cluster: a tight loop takes them.
        const stop = Math.min(len, ws + 40);
        let j = i + 1;
        for (; j < stop; j++) {
          let d = original.charCodeAt(j);
          if (d >= 65 && d <= 90) d += 32;
          else if (d < 97 || d > 122) break;
          h = Math.imul(h ^ d, FNV_PRIME);
          const kj = j - ws;
          if (kj < 4) {
            acc = acc < 0 ? -1 : acc * 27 + (d - 96);
            if (kj === 2) {
              acc3 = acc;
              h3 = h;
            } else if (kj === 3) h4 = h;
          }
          if (d === prev) {
            if (++run >= 3) triple = TRIPLE;
          } else {
            prev = d;
            run = 1;
          }
        }
        for (let t = i + 1; t < j && t < i + 6; t++) state = ((state << 3) | K_LETTER) & STATE_MASK;
        i = j - 1;
      }
      // A word is cut at 40 units; the next unit starts another.
      if (i - ws < 39) continue;
      we = i + 1;
    } else if (ws < 0) continue;
    else we = i;
    const n = we - ws;
    let s = ws;
    let e = we;
    let flags = triple;
    let classes: number;
    // The last unit of the word is `prev`.
    if (first === 39 || prev === 39) {
      // Apostrophes around the word ("'tis", "dogs'") are trimmed; its facts come from the string (rare).
      while (s < e && text.charCodeAt(s) === 39) s++;
      while (e > s && text.charCodeAt(e - 1) === 39) e--;
      if (e === s) {
        ws = -1;
        continue;
      }
      flags = hasTripleAt(text, s, e) ? TRIPLE : 0;
      if (prefixKnownAt(text, s, e) || (flags !== 0 && squeezedKnown(text, s, e))) flags |= HOT;
      const k3 = letterIndexAt(text, s, e, 3);
      classes = k3 >= 0 && CLASS_PREFIX3[k3] === 0 ? 0 : CLASS_BITS.get(text.slice(s, e));
    } else {
      // Letter indexes of the first three and four units, padded past the end of short words.
      let i3 = n >= 3 ? acc3 : acc;
      let i4 = acc;
      for (let p = n; p < 3 && i3 >= 0; p++) i3 *= 27;
      for (let p = n; p < 4 && i4 >= 0; p++) i4 *= 27;
      let hot: boolean;
      if (n <= 3) hot = i3 >= 0 ? BITMAP_SHORT[i3] === 1 : ALL_SHORT.getRange(text, s, e, h >>> 0) === 1;
      else {
        hot = i4 >= 0 ? inBitmap4(i4) : ALL_PREFIX4.getRange(text, s, s + 4, h4 >>> 0) === 1;
        // A three-letter lexicon word ("ass") matches longer forms of it ("asses").
        if (!hot) hot = i3 >= 0 ? BITMAP_SHORT[i3] === 1 : ALL_SHORT.getRange(text, s, s + 3, h3 >>> 0) === 1;
      }
      if (!hot && flags !== 0) hot = squeezedKnown(text, s, e);
      if (hot) flags |= HOT;
      classes = i3 >= 0 && CLASS_PREFIX3[i3] === 0 ? 0 : CLASS_BITS.getRange(text, s, e, h >>> 0);
    }
    let o = base + count * STRIDE;
    if (o + STRIDE > out.length) {
      // The arena is full: this table moves to a new one (bigger if it alone needs more).
      const grown = new Int32Array(Math.max(ARENA_SIZE, 2 * (count + 1) * STRIDE));
      grown.set(out.subarray(base, o));
      out = arena = grown;
      base = 0;
      o = count * STRIDE;
    }
    out[o] = ws;
    out[o + 1] = we;
    out[o + 2] = s;
    out[o + 3] = e;
    out[o + 4] = flags;
    out[o + 5] = classes;
    out[o + 6] = h;
    union |= classes;
    count++;
    ws = -1;
  }
  plainDigits?.end();
  arenaTop = base + count * STRIDE;
  return new TokenTable(text, out, base, count, union);
}
