// Content types come from the bytes, never from a file name or a client
// header: policy decisions (refuse executables, allow images) must rest on
// what the file is, not on what the uploader says it is.
import { CONTENT_TYPES } from './content-types.js';
import { sniffTextContentType } from './sniff-text.js';

export { CONTENT_TYPES, isExecutableContentType } from './content-types.js';

/** How many leading bytes the blob store hands to the sniffer. */
export const SNIFF_HEAD_BYTES = 8192;

export interface SniffOptions {
  /**
   * True when `head` is the whole file. Default false: a cut-off head may end
   * mid-character or mid-line, which is not evidence against text or CSV.
   */
  readonly complete?: boolean;
}

/** Names the content type of a file from its first bytes. */
export function sniffContentType(head: Uint8Array, options: SniffOptions = {}): string {
  const complete = options.complete ?? false;
  if (head.length === 0) return CONTENT_TYPES.unknown;
  return sniffBinary(head, complete) ?? sniffTextContentType(head, complete) ?? CONTENT_TYPES.unknown;
}

function sniffBinary(head: Uint8Array, complete: boolean): string | null {
  if (has(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return CONTENT_TYPES.png;
  if (has(head, [0xff, 0xd8, 0xff])) return CONTENT_TYPES.jpeg;
  if (hasAscii(head, 'GIF87a') || hasAscii(head, 'GIF89a')) return CONTENT_TYPES.gif;
  if (hasAscii(head, 'RIFF')) return sniffRiff(head);
  if (hasAscii(head, '%PDF-')) return CONTENT_TYPES.pdf;
  if (has(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  // An empty archive or the first part of a spanned one: still a ZIP.
  if (has(head, [0x50, 0x4b, 0x05, 0x06]) || has(head, [0x50, 0x4b, 0x07, 0x08])) return CONTENT_TYPES.zip;
  if (has(head, [0x1f, 0x8b, 0x08])) return CONTENT_TYPES.gzip;
  if (hasAscii(head, 'ftyp', 4)) return sniffIsoMedia(head);
  if (hasAscii(head, 'ID3') || isMpegAudioFrame(head)) return CONTENT_TYPES.mp3;
  if (has(head, [0x7f, 0x45, 0x4c, 0x46])) return CONTENT_TYPES.elf;
  if (isMachO(head)) return CONTENT_TYPES.machO;
  if (has(head, [0xca, 0xfe, 0xba, 0xbe])) return sniffCafeBabe(head);
  if (isPortableExecutable(head, complete)) return CONTENT_TYPES.pe;
  return null;
}

function sniffRiff(head: Uint8Array): string | null {
  if (hasAscii(head, 'WEBP', 8)) return CONTENT_TYPES.webp;
  if (hasAscii(head, 'WAVE', 8)) return CONTENT_TYPES.wav;
  if (hasAscii(head, 'AVI ', 8)) return CONTENT_TYPES.avi;
  return null;
}

const ISO_MEDIA_BRANDS: Readonly<Record<string, string>> = {
  'M4A ': CONTENT_TYPES.m4a,
  'M4B ': CONTENT_TYPES.m4a,
  'qt  ': CONTENT_TYPES.quicktime,
  heic: CONTENT_TYPES.heic,
  heix: CONTENT_TYPES.heic,
  avif: CONTENT_TYPES.avif,
};

/** MP4, QuickTime, HEIC and AVIF share the ISO box layout; the major brand tells them apart. */
function sniffIsoMedia(head: Uint8Array): string {
  const brand = String.fromCharCode(...head.subarray(8, 12));
  return ISO_MEDIA_BRANDS[brand] ?? CONTENT_TYPES.mp4;
}

/**
 * An MPEG-1/2 audio frame header without ID3 tag. Every reserved value is
 * checked because a bare 11-bit sync word alone matches too much binary junk.
 */
function isMpegAudioFrame(head: Uint8Array): boolean {
  const [b0, b1, b2] = head;
  if (b0 !== 0xff || b1 === undefined || b2 === undefined || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11;
  const layer = (b1 >> 1) & 0b11;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0b11;
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0 && bitrate !== 0xf && sampleRate !== 0b11;
}

function isMachO(head: Uint8Array): boolean {
  return [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
  ].some((magic) => has(head, magic));
}

/**
 * 0xCAFEBABE opens both a universal (fat) Mach-O binary and a Java class
 * file. As in file(1): the next word is an architecture count (small) in the
 * former and a class-file version (45 and up) in the latter. Both execute.
 */
function sniffCafeBabe(head: Uint8Array): string {
  if (head.length < 8) return CONTENT_TYPES.machO;
  const next = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4);
  return next < 45 ? CONTENT_TYPES.machO : CONTENT_TYPES.javaClass;
}

/**
 * 'MZ' alone also starts plain text ("MZ Logistics..."), so when the head is
 * long enough the DOS header's e_lfanew must point at a 'PE\0\0' signature. A
 * head too short to check, or pointing past its end, is treated as executable:
 * refusing a false positive is cheaper than admitting a binary.
 */
function isPortableExecutable(head: Uint8Array, complete: boolean): boolean {
  if (!hasAscii(head, 'MZ')) return false;
  if (head.length < 64) return !complete;
  const peOffset = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0x3c, true);
  if (peOffset + 4 > head.length) return !complete;
  return has(head, [0x50, 0x45, 0x00, 0x00], peOffset);
}

/**
 * Walks the local file headers the head contains. OOXML packages always carry
 * `[Content_Types].xml`, and the folder of their main part names the kind.
 * The walk stops at an entry that defers its size to a data descriptor
 * (general-purpose bit 3), since the next header cannot be located then.
 */
function sniffZip(head: Uint8Array): string {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let hasContentTypes = false;
  let kind: string | null = null;
  let offset = 0;
  while (offset + 30 <= head.length && view.getUint32(offset, true) === 0x04034b50) {
    const flags = view.getUint16(offset + 6, true);
    const compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const nameEnd = offset + 30 + nameLength;
    if (nameEnd > head.length) break;
    const name = new TextDecoder().decode(head.subarray(offset + 30, nameEnd));
    if (name === '[Content_Types].xml') hasContentTypes = true;
    kind ??= ooxmlKind(name);
    if (hasContentTypes && kind !== null) return kind;
    if ((flags & 0x08) !== 0) break;
    offset = nameEnd + extraLength + compressedSize;
  }
  return CONTENT_TYPES.zip;
}

function ooxmlKind(entryName: string): string | null {
  if (entryName.startsWith('word/')) return CONTENT_TYPES.docx;
  if (entryName.startsWith('xl/')) return CONTENT_TYPES.xlsx;
  if (entryName.startsWith('ppt/')) return CONTENT_TYPES.pptx;
  return null;
}

function has(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (offset + bytes.length > head.length) return false;
  return bytes.every((byte, i) => head[offset + i] === byte);
}

function hasAscii(head: Uint8Array, text: string, offset = 0): boolean {
  return has(head, [...text].map((c) => c.charCodeAt(0)), offset);
}
