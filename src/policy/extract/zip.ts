// The ZIP container of a DOCX, read with a count of the bytes that really come
// out. The sizes a ZIP declares (local and central headers alike) are written by
// whoever made the file, so they decide nothing here: a part that declares 1 KB
// and inflates to gigabytes is stopped at the cap on real output, after at most
// one slice past it.
import { Inflate, strFromU8 } from 'fflate';
import { ExtractError } from './errors.js';

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

export interface ZipEntry { name: string; method: number; compressedSize: number; localOffset: number }

/** What is left of the bytes all parts of one file may inflate to, and the cap it started from. */
export interface InflateBudget { left: number; limit: number }

const u16 = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number): number => (u16(b, i) + u16(b, i + 2) * 0x10000);

export const corrupt = (why: string): ExtractError => new ExtractError('corrupt', `not a readable DOCX: ${why}`);

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
export function centralDirectory(b: Uint8Array): ZipEntry[] {
  const eocd = endOfCentralDirectory(b);
  const count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw corrupt('ZIP64 archives with over 65,535 entries or 4 GiB are not DOCX files');
  if (count > DOCX_MAX_ENTRIES) {
    throw new ExtractError('too_large', `DOCX lists ${count} entries; the limit is ${DOCX_MAX_ENTRIES}`);
  }
  const entries: ZipEntry[] = [];
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
function entryData(b: Uint8Array, e: ZipEntry): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw corrupt(`${e.name}: local header missing`);
  const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw corrupt(`${e.name}: declares ${e.compressedSize} compressed bytes, past the end of the file`);
  return b.subarray(start, end);
}

/**
 * The compressed bytes of the entries read so far. Entries that point at the same bytes would be inflated once each:
 * a stream that inflates to little, listed thousands of times, costs minutes of work within the cap on output. So
 * every read is checked here before it inflates anything (relationship parts as much as text parts): entries whose
 * bytes do not overlap inflate at most the file's own length of input.
 */
export class ReadRanges {
  /** Disjoint [start, end) byte ranges, by start. */
  readonly #ranges: [number, number][] = [];

  /** Takes the entry's range, or refuses the file if it overlaps one already read. */
  claim(b: Uint8Array, e: ZipEntry): void {
    const d = entryData(b, e);
    const start = d.byteOffset - b.byteOffset;
    const end = start + d.length;
    if (end === start) return;
    const r = this.#ranges;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((r[mid] as [number, number])[0] < start) lo = mid + 1;
      else hi = mid;
    }
    if ((lo > 0 && (r[lo - 1] as [number, number])[1] > start) || (lo < r.length && (r[lo] as [number, number])[0] < end)) {
      throw corrupt(`${e.name} shares compressed bytes with another part`);
    }
    r.splice(lo, 0, [start, end]);
  }
}

/**
 * Inflates one entry, counting real output against what is left of the budget, and hands each piece to `take`.
 * Stops early, without an error, when `take` returns false (the caller has all it wants).
 */
export function inflateEntry(b: Uint8Array, e: ZipEntry, budget: InflateBudget, take: (chunk: Uint8Array) => boolean): void {
  const data = entryData(b, e);
  const overCap = (): ExtractError => new ExtractError('too_large',
    `DOCX text parts inflate past ${budget.limit} bytes (stopped in ${e.name}; the headers declared ${e.compressedSize} compressed bytes)`);
  if (e.method === 0) {
    if (data.length > budget.left) throw overCap();
    budget.left -= data.length;
    take(data);
    return;
  }
  if (e.method !== 8) throw corrupt(`${e.name}: compression method ${e.method} is not DEFLATE`);
  let wanted = true;
  let refused: unknown;
  const inflater = new Inflate((chunk) => {
    budget.left -= chunk.length;
    if (budget.left < 0) throw overCap();
    try {
      if (wanted) wanted = take(chunk);
    } catch (err) {
      refused = err;
      throw err;
    }
  });
  try {
    // The last slice is pushed as final, so a stream that stops short is an error, not silently less text.
    if (data.length === 0) inflater.push(data, true);
    for (let i = 0; i < data.length && wanted; i += INFLATE_SLICE) {
      const end = Math.min(i + INFLATE_SLICE, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch (err) {
    // Only the inflater's own errors say the data is damaged; what `take` throws is its own to report.
    if (err instanceof ExtractError || err === refused) throw err;
    throw corrupt(`${e.name}: ${(err as Error).message}`);
  }
}
