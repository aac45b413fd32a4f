// Text extraction from attachments (§5.3.7) so the text detectors can scan
// them. Server-side only: it pulls in a zip reader and a PDF parser, which the
// browser-safe core (../index.ts) must not. Input is bounded before parsing.
import { unzipSync, strFromU8 } from 'fflate';

export interface AttachmentBytes {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ExtractedText {
  format: 'txt' | 'csv' | 'docx' | 'pdf';
  text: string;
  /** True when the text was cut at maxChars. */
  truncated: boolean;
}

export interface ExtractOptions {
  /** Largest attachment accepted for extraction, in bytes (default 25 MB). */
  maxBytes?: number;
  /** Largest text returned, in UTF-16 units (default 2,000,000). */
  maxChars?: number;
  /** Largest total uncompressed size of a DOCX (zip-bomb guard, default 100 MB). */
  maxUnzippedBytes?: number;
}

export class ExtractError extends Error {
  constructor(readonly code: 'unsupported_type' | 'too_large' | 'corrupt', message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function formatOf(a: Pick<AttachmentBytes, 'name' | 'contentType'>): ExtractedText['format'] | null {
  const ct = a.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const ext = a.name.toLowerCase().split('.').pop() ?? '';
  if (ct === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (ct === DOCX_TYPE || ext === 'docx') return 'docx';
  if (ct === 'text/csv' || ext === 'csv') return 'csv';
  if (ct.startsWith('text/') || ext === 'txt' || ext === 'log' || ext === 'md') return 'txt';
  return null;
}

function decodeText(bytes: Uint8Array): string {
  // UTF-8 with replacement, BOM removed: a scan must not fail on a stray byte.
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return XML_ENTITIES[e.toLowerCase()] ?? '';
  });
}

/** Text of a WordprocessingML part: runs of <w:t>, with paragraph and tab breaks. */
export function wordXmlText(xml: string): string {
  let out = '';
  const re = /<w:t(?:\s[^>]{0,200})?>([^<]{0,100000})<\/w:t>|<w:tab\/>|<w:br\/>|<\/w:p>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[1] !== undefined) out += unescapeXml(m[1]);
    else out += m[0] === '<w:tab/>' ? '\t' : '\n';
  }
  return out;
}

function extractDocx(bytes: Uint8Array, maxUnzipped: number): string {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!/^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(f.name)) return false;
        total += f.originalSize;
        if (total > maxUnzipped) throw new ExtractError('too_large', `DOCX expands past ${maxUnzipped} bytes`);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('corrupt', `not a readable DOCX: ${(err as Error).message}`);
  }
  const main = files['word/document.xml'];
  if (main === undefined) throw new ExtractError('corrupt', 'DOCX has no word/document.xml');
  const parts = [main, ...Object.entries(files).filter(([k]) => k !== 'word/document.xml').map(([, v]) => v)];
  return parts.map((p) => wordXmlText(strFromU8(p))).join('\n');
}

async function extractPdf(bytes: Uint8Array): Promise<string> {
  // Loaded on demand: PDF.js is large and only needed for PDF attachments.
  const { extractText, getDocumentProxy } = await import('unpdf');
  try {
    // A copy: PDF.js may detach the buffer it is given. Verbosity 0: its warnings are not ours to print.
    const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const { text } = await extractText(doc, { mergePages: true });
    return text;
  } catch (err) {
    throw new ExtractError('corrupt', `not a readable PDF: ${(err as Error).message}`);
  }
}

/** Extracts the text of a txt, csv, docx or pdf attachment for scanning. */
export async function extractAttachmentText(file: AttachmentBytes, options: ExtractOptions = {}): Promise<ExtractedText> {
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  const maxChars = options.maxChars ?? 2_000_000;
  const format = formatOf(file);
  if (format === null) throw new ExtractError('unsupported_type', `no text extractor for ${file.contentType || file.name}`);
  if (file.bytes.byteLength > maxBytes) throw new ExtractError('too_large', `attachment is ${file.bytes.byteLength} bytes; the limit is ${maxBytes}`);
  let text: string;
  if (format === 'pdf') text = await extractPdf(file.bytes);
  else if (format === 'docx') text = extractDocx(file.bytes, options.maxUnzippedBytes ?? 100 * 1024 * 1024);
  else text = decodeText(file.bytes);
  const truncated = text.length > maxChars;
  return { format, text: truncated ? text.slice(0, maxChars) : text, truncated };
}
