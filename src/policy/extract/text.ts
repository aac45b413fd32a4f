// Plain text and CSV: the bytes are decoded, never parsed, so the only
// questions are which encoding and how much. Office tools on Windows still save
// UTF-16 (with a BOM) and Windows-1252; a scan must read those as text, not as
// replacement characters or NULs between letters.

export interface DecodedText {
  text: string;
  /** The encoding used, for the record. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** True when bytes past what maxChars needs were not decoded. */
  cut: boolean;
}

/** How many of the first bytes are looked at to guess UTF-16 without a BOM. */
const SNIFF_BYTES = 4096;

function bomOf(b: Uint8Array): { encoding: DecodedText['encoding']; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte, on the
 * odd side for little-endian. Required on most pairs of the head so a binary
 * file with scattered NULs is not taken for it.
 */
function utf16WithoutBom(b: Uint8Array): DecodedText['encoding'] | null {
  const n = Math.min(b.length, SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return 'utf-16be';
  return null;
}

/**
 * Decodes a text attachment. Only the bytes that can hold the first maxChars
 * UTF-16 units are decoded (a unit takes at most three bytes of UTF-8, two of
 * UTF-16), so a 25 MB file costs what its scanned part costs. Invalid UTF-8 without a BOM is read as Windows-1252, which maps
 * every byte; the result never holds a lone surrogate.
 */
export function decodeText(bytes: Uint8Array, maxChars: number): DecodedText {
  const bom = bomOf(bytes);
  const encoding = bom?.encoding ?? utf16WithoutBom(bytes) ?? 'utf-8';
  const body = bytes.subarray(bom?.skip ?? 0);
  // Enough bytes for maxChars units plus one, so a cut is seen as "more text than maxChars".
  const needed = encoding === 'utf-8' ? (maxChars + 1) * 3 : (maxChars + 1) * 2;
  const cut = body.length > needed;
  const head = cut ? body.subarray(0, needed) : body;
  // stream: true lets a character split by the cut end the text instead of failing the decode.
  if (encoding !== 'utf-8') return { text: new TextDecoder(encoding).decode(head, { stream: cut }), encoding, cut };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(head, { stream: cut }), encoding, cut };
  } catch {
    return { text: windows1252(head), encoding: 'windows-1252', cut };
  }
}

// Windows-1252's 0x80-0x9F (curly quotes, dashes, euro...). Decoded here, not by
// TextDecoder('windows-1252'): Node 20 decodes that label as Latin-1 and leaves
// these bytes as C1 controls. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are, as WHATWG maps them.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function windows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every unpaired surrogate replaced by U+FFFD (PDF strings and XML references can carry them). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
