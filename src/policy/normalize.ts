// Folds obfuscated text ("f.u.c.k", "h4te", Cyrillic look-alikes, zero-width
// joiners) into plain lowercase ASCII for the lexicon detectors, keeping a map
// from every normalized code unit back to the original text so findings still
// point at what the user typed.

export interface NormalizedText {
  text: string;
  /** map[i] = original offset of normalized unit i; map[text.length] = original length. */
  map: Uint32Array;
}

// Format and invisible characters used to split words without showing it.
function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064)
    || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || c === 0xad || c === 0x34f || c === 0x180e;
}

// Cyrillic and Greek letters that render like Latin ones (the confusables most
// used to dodge filters); fullwidth forms are folded arithmetically below.
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ϲ: 'c',
};

// Digits and symbols read as letters when they sit inside a word.
const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l', '€': 'e',
};

const SPACERS = new Set([' ', '.', '-', '_', '*', ',', '/', '+', '~', '·']);

function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return ch.toLowerCase();
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0).toLowerCase();
  const lower = ch.toLowerCase();
  const h = HOMOGLYPHS[lower];
  if (h !== undefined) return h;
  if (c >= 0xc0 && c <= 0x24f) {
    // Strip the accent: é -> e. NFD of these yields one base letter first.
    const base = lower.normalize('NFD').charAt(0);
    if (base.charCodeAt(0) < 0x80) return base;
  }
  return lower;
}

const isLetter = (ch: string | undefined): boolean => ch !== undefined && ch >= 'a' && ch <= 'z';
const isWordish = (ch: string | undefined): boolean =>
  ch !== undefined && (isLetter(ch) || LEET[ch] !== undefined);

/** Normalize text for lexicon matching; linear in the input length. */
export function normalizeForMatching(src: string): NormalizedText {
  // Pass 1: drop invisibles, fold case, accents and look-alikes.
  const chars: string[] = [];
  const offs: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (isInvisible(c)) continue;
    const f = foldChar(src[i] as string);
    chars.push(f.length === 1 ? f : ' ');
    offs.push(i);
  }
  // Pass 2: leetspeak inside words ("h4te", "@ss"): a symbol counts as a letter
  // only when a neighbour is a letter, so "room 4" and "$5" stay as they are.
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const l = LEET[ch];
    if (l === undefined) continue;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    if (isLetter(prev) || (isLetter(next) && !(ch >= '0' && ch <= '9' && prev !== undefined && prev >= '0' && prev <= '9'))) {
      chars[i] = l;
    }
  }
  // Pass 3: letters spaced out one by one ("f u c k", "s.e.x"): drop the single
  // spacer between single letters when at least three letters form the run.
  const keep = new Uint8Array(chars.length).fill(1);
  let i = 0;
  while (i < chars.length) {
    if (isWordish(chars[i]) && !isWordish(chars[i - 1])) {
      let j = i;
      let count = 1;
      while (SPACERS.has(chars[j + 1] as string) && isWordish(chars[j + 2]) && !isWordish(chars[j + 3])) {
        j += 2;
        count++;
      }
      if (count >= 3) {
        for (let k = i + 1; k < j; k += 2) keep[k] = 0;
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  let out = '';
  const map: number[] = [];
  for (let k = 0; k < chars.length; k++) {
    if (keep[k] === 0) continue;
    out += chars[k];
    map.push(offs[k] as number);
  }
  map.push(src.length);
  return { text: out, map: Uint32Array.from(map) };
}

/** Map a normalized [start, end) back to original offsets. */
export function toOriginal(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  const s = n.map[start] ?? 0;
  // The end is one past the last kept unit, so surrogate pairs stay whole.
  const lastOrig = n.map[end - 1] ?? s;
  return { start: s, end: Math.max(s, lastOrig + 1) };
}
