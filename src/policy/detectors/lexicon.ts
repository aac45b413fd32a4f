// Word and phrase lexicons matched on the obfuscation-folded text. Entry
// syntax: words separated by whitespace; `~` joins a phrase ("heart~attack");
// a trailing `*` matches any word starting with the stem ("masturbat*").
import { toOriginal } from '../normalize.js';
import { hasTripleAt, registerLexiconWord as register } from './words.js';
import type { NormalizedText } from '../normalize.js';
import type { TextInput } from './detector.js';
import type { Token, TokenTable } from './words.js';

/** Words by index: a message's token table (Token objects built only for the words read) or a list of tokens. */
interface TokenList {
  readonly count: number;
  token(i: number): Token;
}
import type { Span } from '../types.js';

export { Token, wordClass } from './words.js';
export type { WordClass } from './words.js';

export function formsOf(t: Token): string[] {
  return (t.forms ??= variants(t.word, t.triple));
}

const SUFFIXES = ["'s", 's', 'es', 'ed', 'ing', 'er', 'ers', 'y', 'ies', 'ly'];

/** The word and its plausible base forms ("bitches" -> "bitch", "fuuuck" -> "fuck"). */
export function variants(word: string, triple = hasTripleAt(word, 0, word.length)): string[] {
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
  if (t.word.length > MATCH_CACHE_MAX_WORD) return (t.matches = computeMatches(t));
  let m = matchCache.get(t.word);
  if (m === undefined) {
    m = computeMatches(t);
    if (matchCache.size >= MATCH_CACHE_MAX) matchCache.clear();
    matchCache.set(t.word, m);
  }
  t.matches = m;
  return m;
}

// The matches depend on the word alone, and chat repeats its words: they are
// kept across messages (read-only). A new lexicon, such as a pack's custom one
// compiled later, empties the cache; so does reaching its bound.
const MATCH_CACHE_MAX = 16384;
// A word is a slice of its message's text, and V8 keeps a slice of 13 or more characters as a pointer into its parent:
// a cached long word would keep a whole (possibly megabyte) message alive. Shorter ones are copies, and chat's words
// are short; the long ones are matched afresh.
const MATCH_CACHE_MAX_WORD = 12;
const matchCache = new Map<string, Map<number, string> | null>();

function computeMatches(t: Token): Map<number, string> | null {
  let m: Map<number, string> | null = null;
  const forms = formsOf(t);
  const add = (list: readonly [number, string][] | undefined): void => {
    for (const [id, e] of list ?? []) if (!m?.has(id)) (m ??= new Map()).set(id, e);
  };
  add(WORD_INDEX.get(t.word));
  for (let len = Math.min(t.word.length, maxStem); len >= 3; len--) add(STEM_INDEX.get(t.word.slice(0, len)));
  for (let i = 1; i < forms.length; i++) add(WORD_INDEX.get(forms[i] as string));
  return m;
}

/**
 * For one message: the indexes of the tokens each lexicon could match (a word
 * entry, a stem, or the first word of one of its phrases), found in a single
 * pass over the tokens, so a lexicon with nothing in the message costs one
 * map lookup.
 */
export type TokenIndex = ReadonlyMap<number, readonly number[]>;

// The index of a text where no word could match any lexicon (read-only, shared).
const NO_CANDIDATES: TokenIndex = new Map();

export function indexTokens(table: TokenTable): TokenIndex {
  let any = false;
  for (let i = 0; i < table.count && !any; i++) any = table.hot(i);
  if (!any) return NO_CANDIDATES;
  const by = new Map<number, number[]>();
  // Tokens are visited in order, so each list is built ascending.
  for (let i = 0; i < table.count; i++) {
    if (!table.hot(i)) continue;
    const t = table.token(i);
    const m = matchesOf(t);
    if (m !== null) for (const id of m.keys()) addCandidate(by, id, i);
    const phrases = PHRASE_INDEX.get(t.word);
    if (phrases !== undefined) for (let k = 0; k < phrases.length; k++) addCandidate(by, phrases[k] as number, i);
  }
  return by;
}

// A module function, not a closure: indexTokens runs on most messages.
function addCandidate(by: Map<number, number[]>, id: number, i: number): void {
  const list = by.get(id);
  if (list === undefined) by.set(id, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
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
    matchCache.clear();
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
    const words = input.tokenTable();
    return cands.filter((i) => this.lookup(words.token(i)) !== undefined);
  }

  /** Whether any single word of the message matches (phrases aside). */
  occursIn(input: TextInput): boolean {
    return input.tokenIndex().has(this.#id) && this.wordHits(input).length > 0;
  }

  /** Matches in a whole message; the explanation names the lexicon entry. */
  findIn(input: TextInput, score: number): Span[] {
    const cands = input.tokenIndex().get(this.#id);
    return cands === undefined ? [] : this.#match(input.normalized(), input.tokenTable(), cands, score);
  }

  /** The phrase entry that starts at word i of the message ("get rid of"), if any: a token's lookup cannot see phrases. */
  phraseAt(input: TextInput, i: number): string | undefined {
    const words = input.tokenTable();
    return words.hot(i) ? this.#phraseFrom(words, i, words.token(i))?.join(' ') : undefined;
  }

  /** The first phrase entry whose words follow word i (itself `t`), as its words. */
  #phraseFrom(tokens: TokenList, i: number, t: Token): readonly string[] | undefined {
    const phrases = this.#phrases.get(t.word);
    if (phrases === undefined) return undefined;
    for (const p of phrases) {
      if (i + p.length > tokens.count) continue;
      let ok = true;
      for (let k = 1; k < p.length && ok; k++) ok = formsOf(tokens.token(i + k)).includes(p[k] as string);
      if (ok) return p;
    }
    return undefined;
  }

  /** Matches in a list of tokens that need not be a whole message (a window around a word). */
  findInTokens(n: NormalizedText, tokens: readonly Token[], score: number): Span[] {
    return this.#match(n, { count: tokens.length, token: (i) => tokens[i] as Token }, hotIndexes(tokens), score);
  }

  #match(n: NormalizedText, tokens: TokenList, cands: readonly number[], score: number): Span[] {
    const out: Span[] = [];
    for (let h = 0; h < cands.length; h++) {
      const i = cands[h] as number;
      const t = tokens.token(i);
      const p = this.#phraseFrom(tokens, i, t);
      if (p !== undefined) {
        out.push(this.#span(n, t.start, tokens.token(i + p.length - 1).end, score, p.join(' ')));
        // Skip the phrase's other words.
        while (h + 1 < cands.length && (cands[h + 1] as number) < i + p.length) h++;
        continue;
      }
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
