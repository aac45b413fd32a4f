// DOCX text: the WordprocessingML parts of the ZIP package, inflated with a
// count of the bytes that really come out. The sizes a ZIP declares (local and
// central headers alike) are written by whoever made the file, so they decide
// nothing here: a part that declares 1 KB and inflates to gigabytes is stopped
// at the cap on real output, after at most one slice past it.
import { Inflate, strFromU8 } from 'fflate';
import { ExtractError } from './errors.js';

/**
 * Largest total of inflated bytes read from the text parts of one DOCX. The
 * document.xml of a 500-page report with heavy formatting is 10-30 MB; 64 MiB
 * leaves room for that and bounds the work (inflate, decode, scan the XML) to
 * well under a second, whatever the archive claims.
 */
export const DOCX_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Most entries a DOCX may list. Word writes tens of parts, a few hundred with
 * many images or custom XML; tens of thousands is a crafted file, and every
 * entry is a header to walk.
 */
export const DOCX_MAX_ENTRIES = 10_000;

/**
 * Compressed bytes handed to the inflater at a time. DEFLATE expands at most
 * about 1032:1, so one slice yields at most ~16 MiB before the count is checked
 * again: a bomb is stopped within one slice of the cap.
 */
const INFLATE_SLICE = 16 * 1024;

/** The parts whose text a reader sees: body, headers, footers, notes and comments. */
const TEXT_PART = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

interface Entry { name: string; method: number; compressedSize: number; localOffset: number }

const u16 = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number): number => (u16(b, i) + u16(b, i + 2) * 0x10000);

const corrupt = (why: string): ExtractError => new ExtractError('corrupt', `not a readable DOCX: ${why}`);

/** The end-of-central-directory record: searched backwards over the comment (at most 64 KiB). */
function endOfCentralDirectory(b: Uint8Array): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (u32(b, i) === 0x06054b50) return i;
  }
  throw corrupt('no ZIP end-of-central-directory record');
}

/** ZIP64 values for fields set to 0xFFFFFFFF, from the extra field with header id 1. */
function zip64(b: Uint8Array, extraStart: number, extraEnd: number, wanted: { size: boolean; offset: boolean; usize: boolean }): { size?: number; offset?: number } {
  for (let i = extraStart; i + 4 <= extraEnd;) {
    const id = u16(b, i);
    const len = u16(b, i + 2);
    if (id === 1) {
      let p = i + 4;
      const read = (): number => {
        if (p + 8 > i + 4 + len) throw corrupt('ZIP64 extra field too short');
        const v = u32(b, p) + u32(b, p + 4) * 0x100000000;
        p += 8;
        return v;
      };
      // Order fixed by the ZIP specification: uncompressed size, compressed size, offset.
      if (wanted.usize) read();
      const size = wanted.size ? read() : undefined;
      const offset = wanted.offset ? read() : undefined;
      return { ...(size !== undefined ? { size } : {}), ...(offset !== undefined ? { offset } : {}) };
    }
    i += 4 + len;
  }
  throw corrupt('ZIP64 sizes without a ZIP64 extra field');
}

/** The central directory's entries, checked against the file's bounds. */
function centralDirectory(b: Uint8Array): Entry[] {
  const eocd = endOfCentralDirectory(b);
  const count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw corrupt('ZIP64 archives with over 65,535 entries or 4 GiB are not DOCX files');
  if (count > DOCX_MAX_ENTRIES) {
    throw new ExtractError('too_large', `DOCX lists ${count} entries; the limit is ${DOCX_MAX_ENTRIES}`);
  }
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw corrupt(`central directory entry ${k} is damaged`);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const nameEnd = p + 46 + nameLen;
    if (nameEnd + extraLen > b.length) throw corrupt(`central directory entry ${k} runs past the end of the file`);
    let compressedSize = u32(b, p + 20);
    let localOffset = u32(b, p + 42);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff || u32(b, p + 24) === 0xffffffff) {
      const z = zip64(b, nameEnd, nameEnd + extraLen, { usize: u32(b, p + 24) === 0xffffffff, size: compressedSize === 0xffffffff, offset: localOffset === 0xffffffff });
      compressedSize = z.size ?? compressedSize;
      localOffset = z.offset ?? localOffset;
    }
    entries.push({ name: strFromU8(b.subarray(p + 46, nameEnd)), method: u16(b, p + 10), compressedSize, localOffset });
    p = nameEnd + extraLen + commentLen;
  }
  return entries;
}

/** The entry's compressed bytes: located through its local header, bounded by the file. */
function entryData(b: Uint8Array, e: Entry): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw corrupt(`${e.name}: local header missing`);
  const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw corrupt(`${e.name}: declares ${e.compressedSize} compressed bytes, past the end of the file`);
  return b.subarray(start, end);
}

/** Inflates one entry, counting real output against what is left of the budget. */
function inflateEntry(b: Uint8Array, e: Entry, budget: { left: number; limit: number }): Uint8Array {
  const data = entryData(b, e);
  const overCap = (): ExtractError => new ExtractError('too_large',
    `DOCX text parts inflate past ${budget.limit} bytes (stopped in ${e.name}; the headers declared ${e.compressedSize} compressed bytes)`);
  if (e.method === 0) {
    if (data.length > budget.left) throw overCap();
    budget.left -= data.length;
    return data;
  }
  if (e.method !== 8) throw corrupt(`${e.name}: compression method ${e.method} is not DEFLATE`);
  const chunks: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => {
    budget.left -= chunk.length;
    if (budget.left < 0) throw overCap();
    chunks.push(chunk);
  });
  try {
    // The last slice is pushed as final, so a stream that stops short is an error, not silently less text.
    if (data.length === 0) inflater.push(data, true);
    for (let i = 0; i < data.length; i += INFLATE_SLICE) {
      const end = Math.min(i + INFLATE_SLICE, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw corrupt(`${e.name}: ${(err as Error).message}`);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      // XML forbids NUL and lone surrogates as character references; a file that has them gets U+FFFD, not a broken string.
      return cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ? '\uFFFD' : String.fromCodePoint(cp);
    }
    return XML_ENTITIES[e.toLowerCase()] ?? '';
  });
}

/** Text of a WordprocessingML part: runs of <w:t>, with paragraph and tab breaks. */
export function wordXmlText(xml: string): string {
  let out = '';
  // A run's attributes and text are unbounded but stop at the next tag ([^<>]*,
  // [^<]*), so each character is looked at a constant number of times; a length
  // bound here would drop a long run from the scan without a word.
  const re = /<w:t(?:\s[^<>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<\/w:p>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[1] !== undefined) out += unescapeXml(m[1]);
    else out += m[0] === '<w:tab/>' ? '\t' : '\n';
  }
  return out;
}

/** The text of a DOCX, main document first. Throws ExtractError (corrupt, too_large). */
export function extractDocx(bytes: Uint8Array, maxInflated: number = DOCX_MAX_INFLATED_BYTES): string {
  const parts = centralDirectory(bytes).filter((e) => TEXT_PART.test(e.name));
  const main = parts.findIndex((e) => e.name === 'word/document.xml');
  if (main < 0) throw corrupt('no word/document.xml');
  parts.unshift(...parts.splice(main, 1));
  // Each part's compressed bytes are its own. Entries that point at the same bytes (or overlap) would be inflated
  // once each: a stream that inflates to little, listed thousands of times, costs minutes of work within the cap on
  // output. Not overlapping, the parts inflate at most the file's own length of input.
  const ranges = parts.map((e) => entryData(bytes, e)).map((d) => [d.byteOffset, d.byteOffset + d.length] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i] as readonly [number, number])[0] < (ranges[i - 1] as readonly [number, number])[1]) throw corrupt('two text parts share compressed bytes');
  }
  const budget = { left: maxInflated, limit: maxInflated };
  return parts.map((e) => wordXmlText(strFromU8(inflateEntry(bytes, e, budget)))).join('\n');
}
