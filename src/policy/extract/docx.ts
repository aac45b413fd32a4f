// DOCX text: the WordprocessingML parts, read by one XML walker that knows
// namespaces (xml.ts), from a ZIP container whose real output is counted (zip.ts).
import { XmlBytes, XmlReader, type XmlElement, type XmlHandler } from './xml.js';
import { centralDirectory, corrupt, inflateEntry, refuseSharedData } from './zip.js';

export { DOCX_MAX_ENTRIES } from './zip.js';

/**
 * Largest total of inflated bytes read from the text parts of one DOCX. The
 * document.xml of a 500-page report with heavy formatting is 10-30 MB; 64 MiB
 * leaves room for that and bounds the work (inflate, decode, scan the XML) to
 * well under a second, whatever the archive claims.
 */
export const DOCX_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** WordprocessingML, in transitional and in strict OOXML (Word opens both). */
const W_NS = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);

/** The parts whose text a reader sees: body, headers, footers, notes and comments. */
const TEXT_PART = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

/** Elements whose character data is text: runs, deleted runs, field instructions (Word shows codes on Alt+F9). */
const TEXT_ELEMENTS = new Set(['t', 'delText', 'instrText', 'delInstrText']);
/** Revision marks: what they wrap is gone from the final view (deleted) or absent from the original (inserted). */
const DELETED = new Set(['del', 'moveFrom', 'delText', 'delInstrText']);
const INSERTED = new Set(['ins', 'moveTo']);
/** Run content that stands for a character (outside a run, w:tab is a tab stop's definition). */
const CHARACTERS = new Map([['tab', '\t'], ['ptab', '\t'], ['br', '\n'], ['cr', '\n'], ['noBreakHyphen', '-']]);

/**
 * The text of one WordprocessingML part. Word shows a document with tracked changes three ways: all markup
 * (deleted and inserted runs side by side), final and original. A run that is harmless in one view can complete
 * an identifier in another, so each view is scanned; without revisions the three are one.
 */
class WordText implements XmlHandler {
  #inText = 0;
  #inRun = 0;
  #deleted = 0;
  #inserted = 0;
  markup = '';
  final = '';
  original = '';
  revised = false;

  open(e: XmlElement): void {
    if (!W_NS.has(e.ns)) return;
    if (TEXT_ELEMENTS.has(e.local)) this.#inText++;
    if (e.local === 'r') this.#inRun++;
    if (DELETED.has(e.local)) this.#deleted++;
    if (INSERTED.has(e.local)) this.#inserted++;
    const character = this.#inRun > 0 ? CHARACTERS.get(e.local) : undefined;
    if (character !== undefined) this.#put(character);
    // A simple field keeps its instruction in an attribute, as instrText does in a complex one.
    const instruction = e.local === 'fldSimple' ? e.attr(e.ns, 'instr') : undefined;
    if (instruction !== undefined) this.#put(`${instruction} `);
  }

  close(ns: string, local: string): void {
    if (!W_NS.has(ns)) return;
    if (TEXT_ELEMENTS.has(local)) this.#inText--;
    if (local === 'r') this.#inRun--;
    if (DELETED.has(local)) this.#deleted--;
    if (INSERTED.has(local)) this.#inserted--;
    if (local === 'p') this.#put('\n');
  }

  text(s: string): void {
    if (this.#inText > 0) this.#put(s);
  }

  get length(): number {
    return this.markup.length + (this.revised ? this.final.length + this.original.length : 0);
  }

  toString(): string {
    return this.revised ? `${this.markup}\n${this.final}\n${this.original}` : this.markup;
  }

  #put(s: string): void {
    if (!this.revised && (this.#deleted > 0 || this.#inserted > 0)) {
      this.revised = true;
      this.final = this.markup;
      this.original = this.markup;
    }
    this.markup += s;
    if (!this.revised) return;
    if (this.#deleted === 0) this.final += s;
    if (this.#inserted === 0) this.original += s;
  }
}

/** Text of a WordprocessingML part given whole (for tests and small callers). */
export function wordXmlText(xml: string): string {
  const words = new WordText();
  const reader = new XmlReader('part', words);
  reader.write(xml);
  reader.end();
  return words.toString();
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
    const words = new WordText();
    const input = new XmlBytes(new XmlReader(e.name, words));
    inflateEntry(bytes, e, budget, (chunk) => {
      input.write(chunk);
      return true;
    });
    input.write(new Uint8Array(0), true);
    return `${words.toString()}\n`;
  }).join('');
}
