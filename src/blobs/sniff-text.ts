// The text half of the sniffer: UTF-8 validity first, then markup and
// delimited-data heuristics on the decoded characters.
import { CONTENT_TYPES } from './content-types.js';

/** The content type of a head that decodes as UTF-8 text, or null if it is not text. */
export function sniffTextContentType(head: Uint8Array, complete: boolean): string | null {
  const text = decodeUtf8(head, complete);
  if (text === null || text.includes('\0')) return null;
  return sniffMarkup(text) ?? sniffDelimited(text, complete) ?? CONTENT_TYPES.text;
}

/**
 * Strict UTF-8 (overlong forms, surrogates and stray continuation bytes fail).
 * In streaming mode the decoder holds back an incomplete final sequence instead
 * of failing on it, which is exactly the allowance a cut-off head needs.
 */
function decodeUtf8(head: Uint8Array, complete: boolean): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return null; // fatal decoding failed: the bytes are not UTF-8, which is the answer
  }
}

/**
 * Looks past the XML declaration, processing instructions, comments and a
 * doctype at the root element: an SVG must be recognised as such because
 * browsers run its scripts, and HTML for the same reason.
 */
function sniffMarkup(text: string): string | null {
  let rest = text.replace(/^\uFEFF/, '').trimStart();
  if (!rest.startsWith('<')) return null;
  const isXml = rest.startsWith('<?xml');
  for (;;) {
    let end = -1;
    if (rest.startsWith('<?')) end = indexAfter(rest, '?>');
    else if (rest.startsWith('<!--')) end = indexAfter(rest, '-->');
    else if (/^<!doctype\s+html[\s>]/i.test(rest)) return CONTENT_TYPES.html;
    else if (/^<!doctype\s+svg[\s>]/i.test(rest)) return CONTENT_TYPES.svg;
    else if (/^<!doctype/i.test(rest)) end = indexAfter(rest, rest.includes('[') ? ']>' : '>');
    if (end < 0) break;
    rest = rest.slice(end).trimStart();
  }
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1]?.toLowerCase();
  if (root === 'svg' || root?.endsWith(':svg')) return CONTENT_TYPES.svg;
  if (root === 'html') return CONTENT_TYPES.html;
  return isXml ? CONTENT_TYPES.xml : null;
}

function indexAfter(text: string, token: string): number {
  const at = text.indexOf(token);
  return at < 0 ? -1 : at + token.length;
}

const DELIMITERS: readonly (readonly [string, string])[] = [
  [',', CONTENT_TYPES.csv],
  [';', CONTENT_TYPES.csv],
  ['\t', CONTENT_TYPES.tsv],
];

/**
 * CSV heuristic: at least two records, and one delimiter that occurs the same
 * non-zero number of times (outside double quotes) in every record. A quoted
 * field may contain newlines, so records are split outside quotes only.
 */
function sniffDelimited(text: string, complete: boolean): string | null {
  const records = splitRecords(text);
  if (!complete) records.pop(); // the last record may be cut off by the head
  while (records.at(-1) === '') records.pop();
  if (records.length < 2) return null;
  for (const [delimiter, contentType] of DELIMITERS) {
    const counts = records.map((record) => countOutsideQuotes(record, delimiter));
    const first = counts[0] ?? 0;
    if (first > 0 && counts.every((count) => count === first)) return contentType;
  }
  return null;
}

function splitRecords(text: string): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === '\n' && !inQuotes) {
      records.push(text.slice(start, text[i - 1] === '\r' ? i - 1 : i));
      start = i + 1;
    }
  }
  records.push(text.slice(start));
  return records;
}

function countOutsideQuotes(record: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const char of record) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === delimiter && !inQuotes) count++;
  }
  return count;
}
