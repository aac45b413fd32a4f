// DOCX text: the WordprocessingML parts of the ZIP package (zip.ts reads the
// container and counts what really inflates).
import { strFromU8 } from 'fflate';
import { centralDirectory, corrupt, inflateEntry, refuseSharedData } from './zip.js';

export { DOCX_MAX_ENTRIES } from './zip.js';

/**
 * Largest total of inflated bytes read from the text parts of one DOCX. The
 * document.xml of a 500-page report with heavy formatting is 10-30 MB; 64 MiB
 * leaves room for that and bounds the work (inflate, decode, scan the XML) to
 * well under a second, whatever the archive claims.
 */
export const DOCX_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** The parts whose text a reader sees: body, headers, footers, notes and comments. */
const TEXT_PART = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

function concat(chunks: readonly Uint8Array[]): Uint8Array {
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
  refuseSharedData(bytes, parts);
  const budget = { left: maxInflated, limit: maxInflated };
  return parts.map((e) => {
    const chunks: Uint8Array[] = [];
    inflateEntry(bytes, e, budget, (c) => chunks.push(c) > 0);
    return wordXmlText(strFromU8(concat(chunks)));
  }).join('\n');
}
