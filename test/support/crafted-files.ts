// Attachment files built byte by byte for the extraction tests, including
// hostile ones: ZIPs whose headers lie, DEFLATE bombs, PDFs with many pages.
// No fixtures: every file is made here, so each test says what it feeds in.
import { constants, deflateRawSync } from 'node:zlib';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export interface ZipEntry {
  name: string;
  /** The bytes stored in the archive: raw DEFLATE when method is 8. */
  data: Uint8Array;
  method: 0 | 8;
  /** Sizes written in both headers; the true ones unless a test lies. */
  declaredCompressed?: number;
  declaredUncompressed?: number;
  /** Writes no data of its own: the central directory points at this earlier entry's local header instead. */
  sharesDataOf?: string;
}

/** A ZIP archive from entries as given (local headers, data, central directory, end record). CRCs are zero: nothing here checks them. */
export function zip(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const offsets = new Map<string, number>();
  for (const e of entries) {
    const name = utf8(e.name);
    const csize = e.declaredCompressed ?? e.data.length;
    const usize = e.declaredUncompressed ?? e.data.length;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint16(8, e.method, true);
    local.setUint32(18, csize, true);
    local.setUint32(22, usize, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint16(10, e.method, true);
    cd.setUint32(20, csize, true);
    cd.setUint32(24, usize, true);
    cd.setUint16(28, name.length, true);
    const shared = e.sharesDataOf === undefined ? undefined : offsets.get(e.sharesDataOf);
    if (e.sharesDataOf !== undefined && shared === undefined) throw new Error(`no earlier entry ${e.sharesDataOf}`);
    cd.setUint32(42, shared ?? offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    if (shared !== undefined) continue;
    offsets.set(e.name, offset);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  // A plain copy: a Buffer may sit at an offset in a shared pool, which DataView patches would miss.
  return new Uint8Array(Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]));
}

/** Raw DEFLATE data, as a ZIP entry stores it. */
export const deflated = (bytes: Uint8Array): Uint8Array => deflateRawSync(bytes);

/** A raw DEFLATE stream that inflates to `mib` MiB of zeros from about 1 KB per MiB (see deflatedRun). */
export const deflateBomb = (mib: number): Uint8Array => deflatedRun('', 0, mib, '');

/** WordprocessingML for paragraphs of text (XML-escaped by the caller when needed). */
export function documentXml(paragraphs: readonly string[]): Uint8Array {
  return utf8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('') + '</w:body></w:document>');
}

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A relationships part: [type (last segment, e.g. "header"), target, "External" or nothing]. */
export function relsXml(rels: readonly (readonly [string, string, 'External'?])[]): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map(([type, target, mode], i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" ` +
      `Target="${target}"${mode === undefined ? '' : ` TargetMode="${mode}"`}/>`).join('') + '</Relationships>';
}

/** A content-types part, as every DOCX has (nothing here reads it). */
const CONTENT_TYPES: ZipEntry = { name: '[Content_Types].xml', data: utf8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), method: 0 };

/** A DOCX whose word/document.xml is the given entry (DEFLATE of `xml` by default), named by _rels/.rels as Word does. */
export function docx(document: Uint8Array | Omit<ZipEntry, 'name'>): Uint8Array {
  const doc: ZipEntry = document instanceof Uint8Array
    ? { name: 'word/document.xml', data: deflated(document), method: 8, declaredUncompressed: document.length }
    : { name: 'word/document.xml', ...document };
  return zip([CONTENT_TYPES, { name: '_rels/.rels', data: utf8(relsXml([['officeDocument', 'word/document.xml']])), method: 0 }, doc]);
}

/** A DOCX of the given parts (name to XML, each deflated), with content types and nothing else added. */
export function docxOf(parts: Readonly<Record<string, string | Uint8Array>>): Uint8Array {
  return zip([CONTENT_TYPES, ...Object.entries(parts).map(([name, xml]) => ({ name, data: deflated(typeof xml === 'string' ? utf8(xml) : xml), method: 8 as const }))]);
}

/**
 * A raw DEFLATE stream of `head`, then `mib` MiB of the byte `fill`, then `tail`, from about 1 KB per MiB: each
 * piece compressed on its own and sync-flushed (so it ends on a byte boundary with no final bit), the MiB repeated,
 * the tail last and final. Built in milliseconds, unlike compressing the gigabytes themselves.
 */
export function deflatedRun(head: string, fill: number, mib: number, tail: string): Uint8Array {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const unit = deflateRawSync(new Uint8Array(1 << 20).fill(fill), flush);
  const pieces = [deflateRawSync(utf8(head), flush), ...Array.from({ length: mib }, () => unit), deflateRawSync(utf8(tail))];
  return new Uint8Array(Buffer.concat(pieces));
}

/** The entry with its size fields rewritten in both its local and its central header, as a forger would. */
export function patchZipSizes(bytes: Uint8Array, entryName: string, sizes: { compressed?: number; uncompressed?: number }): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  const name = utf8(entryName);
  const nameAt = (i: number): boolean => name.every((c, k) => out[i + k] === c);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && nameAt(i + 30)) {
      if (sizes.compressed !== undefined) view.setUint32(i + 18, sizes.compressed, true);
      if (sizes.uncompressed !== undefined) view.setUint32(i + 22, sizes.uncompressed, true);
    } else if (sig === 0x02014b50 && nameAt(i + 46)) {
      if (sizes.compressed !== undefined) view.setUint32(i + 20, sizes.compressed, true);
      if (sizes.uncompressed !== undefined) view.setUint32(i + 24, sizes.uncompressed, true);
    }
  }
  return out;
}

/** A PDF with one page per string (Helvetica text), xref offsets computed. */
export function pdf(pages: readonly string[]): Uint8Array {
  const n = pages.length;
  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
  const kids = pages.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  pages.forEach((line, i) => {
    const stream = `BT /F1 12 Tf 72 720 Td (${line}) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(body);
}
