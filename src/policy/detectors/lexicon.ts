// Word and phrase lexicons matched on the obfuscation-folded text. Entry
// syntax: words separated by whitespace; `~` joins a phrase ("heart~attack");
// a trailing `*` matches any word starting with the stem ("masturbat*").
import { toOriginal } from '../normalize.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Span } from '../types.js';

/**
 * A word of the normalized text, with the facts every detector asks about
 * computed once from its characters. The word itself is sliced only when a
 * detector reads it: most words of a message are never looked at.
 */
export class Token {
  /** The word and its base forms, computed on first use. */
  forms: string[] | undefined = undefined;
  /** Lexicon id -> entry, computed on first use; null when no lexicon matches. */
  matches: Map<number, string> | null | undefined = undefined;
  /** Whether a letter repeats three times ("fuuuck"). */
  readonly triple: boolean;
  /** Whether any lexicon could match this word. */
  readonly hot: boolean;
  /** Bits of the word classes (see wordClass) the word belongs to. */
  readonly classes: number;

  #word: string | undefined = undefined;
  readonly #text: string;
  readonly #s: number;
  readonly #e: number;

  /** The word is text[s, e) (apostrophes trimmed); start/end are its untrimmed extent. */
  constructor(text: string, s: number, e: number, readonly start: number, readonly end: number) {
    this.#text = text;
    this.#s = s;
    this.#e = e;
    this.triple = hasTripleAt(text, s, e);
    this.hot = prefixKnownAt(text, s, e) || (this.triple && prefixKnown(this.word.replace(/(.)\1{2,}/g, '$1')));
    const k = letterIndexAt(text, s, e, 3);
    this.classes = k >= 0 && CLASS_PREFIX3[k] === 0 ? 0 : CLASS_BITS.get(this.word) ?? 0;
  }

  get word(): string {
    return (this.#word ??= this.#text.slice(this.#s, this.#e));
  }
}

// Word classes: small sets of words that detectors test for (gates such as
// "routing" or "passport", pronouns, cue words). Each class is one bit; a
// token carries the bits of its word from one map lookup at tokenization, and
// a message carries the union, so "does the text hold any of these words" is a
// bit test instead of a set walk.
const CLASS_BITS = new Map<string, number>();
// First three letters of every class word (base 27, as for the lexicons): most
// words of a message are in no class and skip the map lookup.
const CLASS_PREFIX3 = new Uint8Array(27 ** 3);
let classCount = 0;
const MAX_CLASSES = 31;

export interface WordClass {
  readonly bit: number;
  /** Whether the token's word is in the class. */
  has(t: Token): boolean;
}

/** Registers a class of folded words; call at module load, before any text is tokenized. */
export function wordClass(words: Iterable<string>): WordClass {
  // A developer error, caught by any test that loads the detectors: widen `classes` if more are needed.
  if (classCount >= MAX_CLASSES) throw new Error(`more than ${MAX_CLASSES} word classes`);
  const bit = 1 << classCount++;
  for (const w of words) {
    CLASS_BITS.set(w, (CLASS_BITS.get(w) ?? 0) | bit);
    const k = letterIndex(w, 3);
    // Words with other characters ("driver's") always take the map lookup.
    if (k >= 0) CLASS_PREFIX3[k] = 1;
  }
  return Object.freeze({ bit, has: (t: Token) => (t.classes & bit) !== 0 });
}

// Every lexicon word and stem by its first four letters (three-letter ones
// whole). Base forms only strip endings, so a word whose prefix is not here
// cannot match any lexicon: the common case costs one set lookup.
const ALL_PREFIX4 = new Set<string>();
const ALL_SHORT = new Set<string>();
// The same sets as bitmaps over letters a-z (index in base 27, 0 = end of word),
// so the check for an ordinary word allocates nothing.
const BITMAP4 = new Uint8Array(27 ** 4);
const BITMAP_SHORT = new Uint8Array(27 ** 3);

/** Base-27 index of the first `n` units of text[s, e) (0 past the end), or -1 when one is not a-z. */
function letterIndexAt(text: string, s: number, e: number, n: number): number {
  let idx = 0;
  for (let i = 0; i < n; i++) {
    const c = s + i < e ? text.charCodeAt(s + i) - 96 : 0;
    if (c < 0 || c > 26) return -1;
    idx = idx * 27 + c;
  }
  return idx;
}

const letterIndex = (w: string, n: number): number => letterIndexAt(w, 0, w.length, n);

function register(word: string): void {
  if (word.length <= 3) {
    ALL_SHORT.add(word);
    const i = letterIndex(word, 3);
    if (i >= 0) BITMAP_SHORT[i] = 1;
  } else {
    ALL_PREFIX4.add(word.slice(0, 4));
    const i = letterIndex(word, 4);
    if (i >= 0) BITMAP4[i] = 1;
  }
}

/** Whether the word text[s, e) could match a lexicon, judged by its first letters. */
function prefixKnownAt(text: string, s: number, e: number): boolean {
  if (e - s <= 3) {
    const k = letterIndexAt(text, s, e, 3);
    return k >= 0 ? BITMAP_SHORT[k] === 1 : ALL_SHORT.has(text.slice(s, e));
  }
  const i = letterIndexAt(text, s, e, 4);
  if (i >= 0 ? BITMAP4[i] === 1 : ALL_PREFIX4.has(text.slice(s, s + 4))) return true;
  // A three-letter lexicon word ("ass") matches longer forms of it ("asses").
  const j = letterIndexAt(text, s, e, 3);
  return j >= 0 ? BITMAP_SHORT[j] === 1 : ALL_SHORT.has(text.slice(s, s + 3));
}

const prefixKnown = (w: string): boolean => prefixKnownAt(w, 0, w.length);

function hasTripleAt(text: string, s: number, e: number): boolean {
  for (let i = s + 2; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2)) return true;
  }
  return false;
}

const hasTriple = (w: string): boolean => hasTripleAt(w, 0, w.length);

export function formsOf(t: Token): string[] {
  return (t.forms ??= variants(t.word, t.triple));
}

const isWordUnit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;

/** Splits normalized text into words of letters, digits and apostrophes (at most 40 units each). */
export function tokenize(n: NormalizedText): Token[] {
  const out: Token[] = [];
  const text = n.text;
  const len = text.length;
  let i = 0;
  while (i < len) {
    if (!isWordUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < len && j - i < 40 && isWordUnit(text.charCodeAt(j))) j++;
    let s = i;
    let e = j;
    while (s < e && text.charCodeAt(s) === 39) s++;
    while (e > s && text.charCodeAt(e - 1) === 39) e--;
    if (e > s) out.push(new Token(text, s, e, i, j));
    i = j;
  }
  return out;
}

const SUFFIXES = ["'s", 's', 'es', 'ed', 'ing', 'er', 'ers', 'y', 'ies', 'ly'];

/** The word and its plausible base forms ("bitches" -> "bitch", "fuuuck" -> "fuck"). */
export function variants(word: string, triple = hasTriple(word)): string[] {
  const out = [word];
  if (triple) {
    const squeezed = word.replace(/(.)\1{2,}/g, '$1$1');
    out.push(squeezed, squeezed.replace(/(.)\1/g, '$1'));
  }
  for (const s of SUFFIXES) {
    if (word.length > s.length + 2 && word.endsWith(s)) {
      const base = word.slice(0, -s.length);
      // "-y" turns short words into ordinary adjectives ("spicy", "cocky"): only long bases ("bitchy") are stripped.
      if (s === 'y' && base.length < 5) continue;
      out.push(base);
      if (s === 'ies') out.push(base + 'y');
      if ((s === 'ing' || s === 'ed' || s === 'er') && base.length > 2) {
        out.push(base + 'e');
        if (base.at(-1) === base.at(-2)) out.push(base.slice(0, -1)); // doubled consonant: "slutty" -> "slut"
      }
    }
  }
  return out;
}

// One index over every lexicon: a token is looked up once per message, and
// each lexicon then reads its own entry from the token's result.
const WORD_INDEX = new Map<string, [number, string][]>();
const STEM_INDEX = new Map<string, [number, string][]>();
// Lexicon ids by the first word of their phrases.
const PHRASE_INDEX = new Map<string, number[]>();
let maxStem = 0;
let nextLexiconId = 0;

function addTo(index: Map<string, [number, string][]>, key: string, id: number, entry: string): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [[id, entry]]);
  else list.push([id, entry]);
}

/**
 * Lexicon id -> matched entry for this token, computed once. The word as
 * written wins over a stem, and a stem over a base form, so "nigger" reports
 * the entry "nigger*" rather than "nig" (its "-er" base).
 */
function matchesOf(t: Token): Map<number, string> | null {
  if (t.matches !== undefined) return t.matches;
  let m: Map<number, string> | null = null;
  const forms = formsOf(t);
  const add = (list: readonly [number, string][] | undefined): void => {
    for (const [id, e] of list ?? []) if (!m?.has(id)) (m ??= new Map()).set(id, e);
  };
  add(WORD_INDEX.get(t.word));
  for (let len = Math.min(t.word.length, maxStem); len >= 3; len--) add(STEM_INDEX.get(t.word.slice(0, len)));
  for (let i = 1; i < forms.length; i++) add(WORD_INDEX.get(forms[i] as string));
  t.matches = m;
  return m;
}

/**
 * For one message: the indexes of the tokens each lexicon could match (a word
 * entry, a stem, or the first word of one of its phrases), found in a single
 * pass over the tokens, so a lexicon with nothing in the message costs one
 * map lookup.
 */
export type TokenIndex = ReadonlyMap<number, readonly number[]>;

export function indexTokens(tokens: readonly Token[]): TokenIndex {
  const by = new Map<number, number[]>();
  const add = (id: number, i: number): void => {
    const list = by.get(id);
    if (list === undefined) by.set(id, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!t.hot) continue;
    const m = matchesOf(t);
    if (m !== null) for (const id of m.keys()) add(id, i);
    const phrases = PHRASE_INDEX.get(t.word);
    if (phrases !== undefined) for (const id of phrases) add(id, i);
  }
  // Phrase ids and word ids of one token may interleave: keep each list ascending.
  for (const list of by.values()) if (list.length > 1) list.sort((a, b) => a - b);
  return by;
}

/** Token indexes 0..n-1 that any lexicon could match: the fallback for token lists that are not a whole message. */
function hotIndexes(tokens: readonly Token[]): number[] {
  const hot: number[] = [];
  for (let i = 0; i < tokens.length; i++) if ((tokens[i] as Token).hot) hot.push(i);
  return hot;
}

/** The lexicon entry a lexicon span matched, as its explanation names it (spaces joining phrase words); '' for other spans. */
export const entryOf = (s: Span): string => /"(.*)"$/.exec(s.explanation)?.[1] ?? '';

export class Lexicon {
  readonly #id = nextLexiconId++;
  readonly #phrases = new Map<string, string[][]>();

  constructor(readonly type: string, source: string, readonly attributes?: Readonly<Record<string, string>>) {
    for (const entry of source.split(/\s+/)) {
      if (entry === '') continue;
      const words = entry.toLowerCase().split(/[~-]/).filter((w) => w !== '');
      const first = words[0] as string;
      if (words.length > 1) {
        register(first);
        const list = this.#phrases.get(first) ?? [];
        list.push(words);
        this.#phrases.set(first, list);
        const ids = PHRASE_INDEX.get(first) ?? [];
        if (!ids.includes(this.#id)) ids.push(this.#id);
        PHRASE_INDEX.set(first, ids);
      } else if (entry.endsWith('*')) {
        const stem = first.slice(0, -1);
        register(stem);
        addTo(STEM_INDEX, stem, this.#id, entry);
        maxStem = Math.max(maxStem, stem.length);
      } else {
        register(first);
        addTo(WORD_INDEX, first, this.#id, entry);
      }
    }
  }

  /** The entry a single token matches, if any. */
  lookup(t: Token): string | undefined {
    return t.hot ? matchesOf(t)?.get(this.#id) : undefined;
  }

  /** Indexes of the message's tokens that match a single-word entry (phrases aside). */
  wordHits(input: TextInput): number[] {
    const cands = input.tokenIndex().get(this.#id);
    if (cands === undefined) return [];
    const tokens = input.tokens();
    return cands.filter((i) => this.lookup(tokens[i] as Token) !== undefined);
  }

  /** Whether any single word of the message matches (phrases aside). */
  occursIn(input: TextInput): boolean {
    return input.tokenIndex().has(this.#id) && this.wordHits(input).length > 0;
  }

  /** Matches in a whole message; the explanation names the lexicon entry. */
  findIn(input: TextInput, score: number): Span[] {
    const cands = input.tokenIndex().get(this.#id);
    return cands === undefined ? [] : this.#match(input.normalized(), input.tokens(), cands, score);
  }

  /** Matches in a list of tokens that need not be a whole message (a window around a word). */
  findInTokens(n: NormalizedText, tokens: readonly Token[], score: number): Span[] {
    return this.#match(n, tokens, hotIndexes(tokens), score);
  }

  #match(n: NormalizedText, tokens: readonly Token[], cands: readonly number[], score: number): Span[] {
    const out: Span[] = [];
    for (let h = 0; h < cands.length; h++) {
      const i = cands[h] as number;
      const t = tokens[i] as Token;
      const phrases = this.#phrases.get(t.word);
      let matched = false;
      if (phrases !== undefined) {
        for (const p of phrases) {
          if (i + p.length > tokens.length) continue;
          let ok = true;
          for (let k = 1; k < p.length && ok; k++) {
            ok = formsOf(tokens[i + k] as Token).includes(p[k] as string);
          }
          if (!ok) continue;
          const last = tokens[i + p.length - 1] as Token;
          out.push(this.#span(n, t.start, last.end, score, p.join(' ')));
          // Skip the phrase's other words.
          while (h + 1 < cands.length && (cands[h + 1] as number) < i + p.length) h++;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const entry = this.lookup(t);
      if (entry !== undefined) out.push(this.#span(n, t.start, t.end, score, entry));
    }
    return out;
  }

  #span(n: NormalizedText, s: number, e: number, score: number, entry: string): Span {
    const o = toOriginal(n, s, e);
    const span: Span = { type: this.type, start: o.start, end: o.end, score, explanation: `lexicon ${this.type.toLowerCase()}: "${entry}"` };
    if (this.attributes !== undefined) span.attributes = this.attributes;
    return span;
  }
}
