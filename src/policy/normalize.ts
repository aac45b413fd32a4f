// Folds obfuscated text ("f.u.c.k", "h4te", Cyrillic look-alikes, zero-width
// joiners) into plain lowercase ASCII for the lexicon detectors, keeping a map
// from every normalized code unit back to the original text so findings still
// point at what the user typed. Works on UTF-16 code units with typed arrays:
// it runs on every message, so it must stay cheap.
import type { DigitClusters } from './digit-clusters.js';

export interface NormalizedText {
  text: string;
  /** map[i] = original offset of normalized unit i; map[text.length] = original length. */
  map: Uint32Array;
  /** ASCII text that needed nothing but lower-casing: its words are exactly the original's, lower-cased. */
  plain: boolean;
}

// Format and invisible characters used to split words without showing it.
function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064)
    || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || c === 0xad || c === 0x34f || c === 0x180e;
}

// Cyrillic and Greek letters that render like Latin ones (the confusables most
// used to dodge filters); fullwidth forms are folded arithmetically below.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ϲ: 'c',
};

// Digits and symbols read as letters when they sit inside a word.
const LEET = new Uint8Array(128);
for (const [k, v] of Object.entries({ 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 8: 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' })) {
  LEET[k.charCodeAt(0)] = v.charCodeAt(0);
}
const SPACER = new Uint8Array(128);
for (const ch of ' .-_*,/+~') SPACER[ch.charCodeAt(0)] = 1;

const foldCache = new Map<number, number>();

/** Lower-case ASCII for one non-ASCII code unit, or the lower-cased unit itself. */
function foldUnit(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return foldAscii(c - 0xfee0);
  const cached = foldCache.get(c);
  if (cached !== undefined) return cached;
  let out = c;
  if (c < 0xd800 || c > 0xdfff) {
    const lower = String.fromCharCode(c).toLowerCase();
    const h = HOMOGLYPHS[lower];
    if (h !== undefined) out = h.charCodeAt(0);
    else if (c >= 0xc0 && c <= 0x24f) {
      // Strip the accent: é -> e. NFD of these yields one base letter first.
      const base = lower.normalize('NFD').charCodeAt(0);
      out = base < 0x80 ? base : lower.length === 1 ? lower.charCodeAt(0) : c;
    } else if (lower.length === 1) out = lower.charCodeAt(0);
  }
  if (foldCache.size < 4096) foldCache.set(c, out);
  return out;
}

const foldAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const isLetter = (c: number): boolean => c >= 97 && c <= 122;
const isLowerAscii = isLetter;
const isWordishAt = (u: Uint16Array, len: number, k: number): boolean => {
  if (k < 0 || k >= len) return false;
  const c = u[k] as number;
  return (c >= 97 && c <= 122) || (c < 128 && LEET[c] !== 0);
};
const isSpacerAt = (u: Uint16Array, len: number, k: number): boolean => k >= 0 && k < len && (u[k] as number) < 128 && SPACER[u[k] as number] === 1;

// Scratch buffers reused across calls (the engine is synchronous, so one set suffices).
let scratchUnits = new Uint16Array(1024);
let scratchOffs = new Uint32Array(1025);

const decoder = new TextDecoder('utf-16le');

// Offsets 0, 1, 2, ...: shared by every text that needs no folding beyond case.
let identity = new Uint32Array(0);
const VIEW_CACHE_MAX = 4096;
const views: (Uint32Array | undefined)[] = [];
function identityMap(n: number): Uint32Array {
  if (identity.length <= n) {
    identity = new Uint32Array(Math.max(n + 1, identity.length * 2, 4096));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  if (n > VIEW_CACHE_MAX) return identity.subarray(0, n + 1);
  // A view costs a runtime call to make: short texts reuse one per length (they share a read-only buffer anyway).
  return (views[n] ??= identity.subarray(0, n + 1));
}

// Plain text: ASCII, no digit or leet symbol touching a letter, no spacer between single letters.
// Most chat is plain, and for it lower-casing is the whole normalization.
const NEEDS_FOLDING = /[\u0080-\uffff]|[a-z][0-9@$!|*_~+.][a-z0-9]|[0-9@$!|][a-z]|(?:^|[^a-z])[a-z][ .\-_*,/+~][a-z](?![a-z])/i;

/** Texts longer than this are always folded, plain or not (a bound on the cost of the plain check). */
const PLAIN_MAX_LENGTH = 65536;

/** The normalized view of plain text (see NEEDS_FOLDING), given its lower-cased form. */
export function lowerCasedAscii(lower: string): NormalizedText {
  return { text: lower, map: identityMap(lower.length), plain: true };
}

/** Whether the text needs folding beyond lower-casing (long texts always take the fold). */
export const needsFolding = (src: string): boolean => src.length > PLAIN_MAX_LENGTH || NEEDS_FOLDING.test(src);

/** Normalize text for lexicon matching; linear in the input length. */
export function normalizeForMatching(src: string): NormalizedText {
  return needsFolding(src) ? foldForMatching(src) : lowerCasedAscii(src.toLowerCase());
}

/**
 * The fold itself, for text that needs it. `digits`, when given, is fed every
 * unit of the original as the first pass reads it (see DigitClusters).
 */
export function foldForMatching(src: string, digits?: DigitClusters): NormalizedText {
  const n = src.length;
  if (scratchUnits.length < n) {
    scratchUnits = new Uint16Array(Math.max(n, scratchUnits.length * 2));
    scratchOffs = new Uint32Array(scratchUnits.length + 1);
  }
  const units = scratchUnits;
  const offs = scratchOffs;
  let len = 0;
  // Pass 1: drop invisibles, fold case, accents and look-alikes.
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    digits?.add(c, i);
    if (c < 128) units[len] = c >= 65 && c <= 90 ? c + 32 : c;
    else if (isInvisible(c)) continue;
    else units[len] = foldUnit(c);
    offs[len++] = i;
  }
  digits?.end();
  // Pass 2: leetspeak inside words ("h4te", "@ss"): a symbol counts as a letter
  // when a neighbour is a letter, unless it is a digit among digits ("4th", "$5").
  // An exclamation mark is an "i" only with a letter after it ("sh!t"): after a
  // word it ends the sentence ("you fool!"), and reading it as a letter would make
  // a word that is not there.
  for (let i = 0; i < len; i++) {
    const c = units[i] as number;
    if (c >= 128 || LEET[c] === 0) continue;
    const prev = i > 0 ? (units[i - 1] as number) : 0;
    const next = i + 1 < len ? (units[i + 1] as number) : 0;
    if (c === 33 && !isLetter(next)) continue;
    if (isLetter(prev) || (isLetter(next) && !(c <= 57 && prev >= 48 && prev <= 57))) units[i] = LEET[c] as number;
  }
  // Pass 3: letters spaced out one by one ("f u c k", "s.e.x"): drop the single
  // spacer between single letters when at least three letters form the run.
  let w = 0;
  let i = 0;
  while (i < len) {
    if (isWordishAt(units, len, i) && !isWordishAt(units, len, i - 1) && !isWordishAt(units, len, i + 1) && isSpacerAt(units, len, i + 1)) {
      let j = i;
      let count = 1;
      while (isSpacerAt(units, len, j + 1) && isWordishAt(units, len, j + 2) && !isWordishAt(units, len, j + 3)) {
        j += 2;
        count++;
      }
      if (count >= 3) {
        for (let k = i; k <= j; k += 2) {
          units[w] = units[k] as number;
          offs[w++] = offs[k] as number;
        }
        i = j + 1;
        continue;
      }
    }
    // A symbol stuck inside a word ("sh.it", "f*ck", "b_itch"): drop it. A dot only between
    // lower-case letters, so sentence ends without a space ("end.Then") keep their break.
    const c = units[i] as number;
    if ((c === 42 || c === 95 || c === 126 || c === 43 || c === 46) && w > 0 && isLetter(units[w - 1] as number) && isWordishAt(units, len, i + 1)
      && (c !== 46 || isLowerAscii(src.charCodeAt(offs[i + 1] as number)))) {
      i++;
      continue;
    }
    units[w] = c;
    offs[w++] = offs[i] as number;
    i++;
  }
  offs[w] = n;
  return { text: unitsToString(units, w), map: copyOffsets(offs, w + 1), plain: false };
}

// Folded text is nearly always ASCII: then it is copied to bytes and decoded as UTF-8, which makes a one-byte string
// in one native call (String.fromCharCode.apply over a typed array cost eight times as much at 200 units). No Buffer:
// the engine also runs in the browser.
let scratchBytes = new Uint8Array(1024);
const asciiDecoder = new TextDecoder();

function unitsToString(units: Uint16Array, w: number): string {
  if (scratchBytes.length < w) scratchBytes = new Uint8Array(Math.max(w, scratchBytes.length * 2));
  const bytes = scratchBytes;
  for (let k = 0; k < w; k++) {
    const c = units[k] as number;
    // Beyond ASCII, as before: fromCharCode keeps a lone surrogate as it is (the decoder would make it U+FFFD), and only
    // a long text, whose argument list fromCharCode could not take, goes through the decoder.
    if (c >= 0x80) return w <= 2048 ? String.fromCharCode.apply(null, units.subarray(0, w) as unknown as number[]) : decoder.decode(units.subarray(0, w));
    bytes[k] = c;
  }
  return asciiDecoder.decode(bytes.subarray(0, w));
}

// Offset maps are cut from a shared pool by moving a pointer, as views: making a typed array of its own costs a
// runtime call and an allocation outside the heap per fold. Nothing is reused; a full pool is left to the garbage
// collector with the last map that views it.
const OFFSET_POOL = 1 << 16;
let offsetPool = new Uint32Array(OFFSET_POOL);
let offsetTop = 0;

function copyOffsets(offs: Uint32Array, count: number): Uint32Array {
  if (count > OFFSET_POOL >> 2) return offs.slice(0, count);
  if (offsetTop + count > offsetPool.length) {
    offsetPool = new Uint32Array(OFFSET_POOL);
    offsetTop = 0;
  }
  const view = offsetPool.subarray(offsetTop, offsetTop + count);
  view.set(offs.subarray(0, count));
  offsetTop += count;
  return view;
}

/** Map a normalized [start, end) back to original offsets. */
export function toOriginal(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  const s = n.map[start] ?? 0;
  // The end is one past the last kept unit: matches end on ASCII letters, so no pair is split.
  const lastOrig = n.map[end - 1] ?? s;
  return { start: s, end: Math.max(s, lastOrig + 1) };
}
