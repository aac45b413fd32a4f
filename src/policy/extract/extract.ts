// Text extraction from attachments (§5.3.7) so the text detectors can scan
// them. Server-side only: it pulls in a zip reader, a PDF parser and worker
// threads, which the browser-safe core (../index.ts) must not. Every format is
// bounded in bytes read, bytes inflated, pages, characters and time; what the
// bounds leave out is reported (ExtractedText.incomplete), never dropped silently.
import { DOCX_MAX_INFLATED_BYTES } from './docx.js';
import { readDocx, type DocxReaderOptions } from './docx-reader.js';
import { ExtractError } from './errors.js';
import { extractPdf, type PdfOptions } from './pdf.js';
import { decodeText, wellFormed } from './text.js';

export { ExtractError } from './errors.js';
export { wordXmlText } from './docx.js';

export interface AttachmentBytes {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ExtractedText {
  format: 'txt' | 'csv' | 'docx' | 'pdf';
  /** At most maxChars UTF-16 units, with no lone surrogate. */
  text: string;
  /** Set when `text` is not the whole of the file's text: what was left out and why. */
  incomplete?: string;
  /** Set when a clock cut the text (a PDF's time budget): a less busy node may read more, so the result is not kept (cache.ts). */
  transient?: true;
}

/**
 * Default bound on the text handed to the detectors, in UTF-16 units. The
 * detectors are linear; 2,000,000 characters (about 1,000 pages) of business
 * prose take about 0.4 s with the WVOT pack on the shared two-core machine at a
 * load of 5, more when the text is dense with findings: about as long as a send
 * should wait. A longer text is scanned up to here and reported incomplete.
 */
export const EXTRACT_MAX_CHARS = 2_000_000;

/** Default bound on the file itself: the default attachment limit. */
export const EXTRACT_MAX_BYTES = 25 * 1024 * 1024;

export interface ExtractOptions {
  /** Largest attachment accepted for extraction, in bytes (default EXTRACT_MAX_BYTES). */
  maxBytes?: number;
  /** Largest text returned, in UTF-16 units (default EXTRACT_MAX_CHARS). */
  maxChars?: number;
  /** Largest total of bytes really inflated from a DOCX's text parts (default DOCX_MAX_INFLATED_BYTES). */
  maxInflatedBytes?: number;
  /** Page, time and deadline bounds of PDF reading (defaults in pdf.ts); maxChars comes from above. */
  pdf?: Omit<PdfOptions, 'maxChars'>;
  /** Deadline and wait bounds of DOCX reading (defaults in docx-reader.ts). */
  docx?: Pick<DocxReaderOptions, 'hardDeadlineMs' | 'maxWaitMs'>;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Types that say nothing about the content: only then does the file name decide. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream']);
const TEXT_EXTENSIONS = new Set(['txt', 'log', 'md']);

function isTextType(ct: string): boolean {
  return ct.startsWith('text/') || ct === 'application/json' || ct === 'application/xml' || /\+(?:xml|json)$/.test(ct);
}

/**
 * Which extractor reads a file. The (sniffed) content type decides; the name
 * only breaks ties where the type is generic (octet-stream: e.g. UTF-16 or
 * Windows-1252 text) or a ZIP (a DOCX streamed with deferred sizes), so a
 * picture named "report.txt" is not read as text nor a ZIP named "x.pdf" as a PDF.
 */
export function formatOf(a: Pick<AttachmentBytes, 'name' | 'contentType'>): ExtractedText['format'] | null {
  const ct = a.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const dot = a.name.lastIndexOf('.');
  const ext = dot < 0 ? '' : a.name.slice(dot + 1).toLowerCase();
  if (ct === 'application/pdf') return 'pdf';
  if (ct === DOCX_TYPE) return 'docx';
  if (ct === 'text/csv') return 'csv';
  if (isTextType(ct)) return ext === 'csv' ? 'csv' : 'txt';
  if (ct === 'application/zip') return ext === 'docx' ? 'docx' : null;
  if (!GENERIC_TYPES.has(ct)) return null;
  if (ext === 'pdf') return 'pdf';
  if (ext === 'docx') return 'docx';
  if (ext === 'csv') return 'csv';
  return TEXT_EXTENSIONS.has(ext) ? 'txt' : null;
}

async function pdfText(bytes: Uint8Array, maxChars: number, options: ExtractOptions['pdf']): Promise<{ text: string; incomplete?: string; transient?: true }> {
  const r = await extractPdf(bytes, { ...options, maxChars });
  const left = r.pageCount - r.pagesRead;
  const why = r.stoppedBy === 'pages' ? `it has ${r.pageCount} pages and only the first ${r.pagesRead} are read`
    : r.stoppedBy === 'time' ? `reading stopped at the time limit after ${r.pagesRead} of ${r.pageCount} pages`
      : r.stoppedBy === 'chars' && left > 0 ? `the text limit was reached at page ${r.pagesRead} of ${r.pageCount}` : undefined;
  return { text: r.text, ...(why !== undefined ? { incomplete: why } : {}), ...(r.stoppedBy === 'time' ? { transient: true as const } : {}) };
}

/** Extracts the text of a txt, csv, docx or pdf attachment for scanning. Throws ExtractError naming what is wrong. */
export async function extractAttachmentText(file: AttachmentBytes, options: ExtractOptions = {}): Promise<ExtractedText> {
  const maxBytes = options.maxBytes ?? EXTRACT_MAX_BYTES;
  const maxChars = options.maxChars ?? EXTRACT_MAX_CHARS;
  const format = formatOf(file);
  if (format === null) throw new ExtractError('unsupported_type', `no text extractor for ${file.contentType || file.name}`);
  if (file.bytes.byteLength > maxBytes) throw new ExtractError('too_large', `attachment is ${file.bytes.byteLength} bytes; the limit is ${maxBytes}`);
  let text: string;
  let incomplete: string | undefined;
  let transient: true | undefined;
  if (format === 'pdf') ({ text, incomplete, transient } = await pdfText(file.bytes, maxChars, options.pdf));
  else if (format === 'docx') ({ text, incomplete } = await readDocx(file.bytes, { ...options.docx, maxInflatedBytes: options.maxInflatedBytes ?? DOCX_MAX_INFLATED_BYTES, maxChars }));
  else text = decodeText(file.bytes, maxChars).text;
  if (text.length > maxChars) {
    // Cut on a character boundary: a surrogate pair split in two would leave a lone half.
    const end = /[\uD800-\uDBFF]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
    text = text.slice(0, end);
    incomplete ??= `only the first ${maxChars} characters of its text are checked`;
  }
  return { format, text: wellFormed(text), ...(incomplete !== undefined ? { incomplete } : {}), ...(transient ? { transient } : {}) };
}
