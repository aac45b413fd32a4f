// Word and phrase lexicons matched on the obfuscation-folded text. Entry
// syntax: words separated by whitespace; `~` joins a phrase ("heart~attack");
// a trailing `*` matches any word starting with the stem ("masturbat*").
import { toOriginal } from '../normalize.js';
import type { NormalizedText } from '../normalize.js';
import type { Span } from '../types.js';

export interface Token { word: string; start: number; end: number }

const WORD_RE = /[a-z0-9']{1,40}/g;

/** Splits normalized text into words; bounded token length keeps it linear. */
export function tokenize(n: NormalizedText): Token[] {
  const out: Token[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(n.text)) !== null) {
    const word = m[0].replace(/^'+|'+$/g, '');
    if (word !== '') out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const SUFFIXES = ["'s", 's', 'es', 'ed', 'ing', 'er', 'ers', 'y', 'ies', 'ly'];

/** The word and its plausible base forms ("bitches" -> "bitch", "fuuuck" -> "fuck"). */
export function variants(word: string): string[] {
  const out = [word];
  const squeezed = word.replace(/(.)\1{2,}/g, '$1$1');
  if (squeezed !== word) out.push(squeezed, squeezed.replace(/(.)\1/g, '$1'));
  for (const s of SUFFIXES) {
    if (word.length > s.length + 2 && word.endsWith(s)) {
      const base = word.slice(0, -s.length);
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

export class Lexicon {
  readonly #single = new Map<string, string>();
  readonly #prefixes = new Map<string, string>();
  readonly #phrases = new Map<string, string[][]>();
  #maxPrefix = 0;

  constructor(readonly type: string, source: string, readonly attributes?: Readonly<Record<string, string>>) {
    for (const entry of source.split(/\s+/)) {
      if (entry === '') continue;
      const words = entry.toLowerCase().split(/[~-]/).filter((w) => w !== '');
      if (words.length > 1) {
        const first = words[0] as string;
        const list = this.#phrases.get(first) ?? [];
        list.push(words);
        this.#phrases.set(first, list);
      } else if (entry.endsWith('*')) {
        const stem = (words[0] as string).slice(0, -1);
        this.#prefixes.set(stem, entry);
        this.#maxPrefix = Math.max(this.#maxPrefix, stem.length);
      } else {
        this.#single.set(words[0] as string, entry);
      }
    }
  }

  /** The entry a single word matches, if any. */
  lookup(word: string): string | undefined {
    for (const v of variants(word)) {
      const hit = this.#single.get(v);
      if (hit !== undefined) return hit;
    }
    for (let len = Math.min(word.length, this.#maxPrefix); len >= 3; len--) {
      const hit = this.#prefixes.get(word.slice(0, len));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Matches on pre-tokenized text; `why` names the lexicon in the explanation. */
  findInTokens(n: NormalizedText, tokens: readonly Token[], score: number): Span[] {
    const out: Span[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const phrases = this.#phrases.get(t.word);
      let matched = false;
      if (phrases !== undefined) {
        for (const p of phrases) {
          if (i + p.length > tokens.length) continue;
          let ok = true;
          for (let k = 1; k < p.length && ok; k++) {
            const w = (tokens[i + k] as Token).word;
            ok = w === p[k] || variants(w).includes(p[k] as string);
          }
          if (!ok) continue;
          const last = tokens[i + p.length - 1] as Token;
          out.push(this.#span(n, t.start, last.end, score, p.join(' ')));
          i += p.length - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const entry = this.lookup(t.word);
      if (entry !== undefined) out.push(this.#span(n, t.start, t.end, score, entry));
    }
    return out;
  }

  find(n: NormalizedText, score: number): Span[] {
    return this.findInTokens(n, tokenize(n), score);
  }

  #span(n: NormalizedText, s: number, e: number, score: number, entry: string): Span {
    const o = toOriginal(n, s, e);
    const span: Span = { type: this.type, start: o.start, end: o.end, score, explanation: `lexicon ${this.type.toLowerCase()}: "${entry}"` };
    if (this.attributes !== undefined) span.attributes = this.attributes;
    return span;
  }
}
