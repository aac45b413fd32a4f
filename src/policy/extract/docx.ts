// DOCX text: the parts Word shows a reader, found as Word finds them (through
// the package's relationships), read by one XML walker that knows namespaces
// (xml.ts), from a ZIP container whose real output is counted (zip.ts).
import { XmlBytes, XmlReader, type XmlElement, type XmlHandler } from './xml.js';
import { centralDirectory, corrupt, inflateEntry, ReadRanges, type InflateBudget, type ZipEntry } from './zip.js';

export { DOCX_MAX_ENTRIES } from './zip.js';

/**
 * Largest total of inflated bytes read from the text and relationship parts of
 * one DOCX. The document.xml of a 500-page report with heavy formatting is
 * 10-30 MB; 64 MiB leaves room for that and bounds the work (inflate, decode,
 * walk the XML) to about a second for 64 MiB of dense markup on the shared
 * two-core machine, whatever the archive claims. A document with more text than
 * the detectors take stops earlier, at the character cap.
 */
export const DOCX_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export interface DocxLimits {
  /** Largest total of bytes really inflated, relationship parts included. */
  maxInflated: number;
  /** Reading stops once the text is longer than this (UTF-16 units); the caller cuts it and says so. */
  maxChars: number;
}

/** WordprocessingML, in transitional and in strict OOXML (Word opens both). */
const W_NS = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);

/**
 * Relationships from a document part to parts whose text a reader sees, by the last segment of their type (the
 * same in transitional and strict OOXML). Numbering holds the text Word puts before list items ("Article %1:").
 * The glossary (building blocks a reader can insert) is read as a second document: its own headers and notes are
 * followed, but not a glossary of its own.
 */
const TEXT_RELATIONSHIPS = new Set(['header', 'footer', 'footnotes', 'endnotes', 'comments', 'numbering', 'glossaryDocument']);

/**
 * Parts a content control can be bound to (w:dataBinding: custom XML, the document's properties). Word shows the
 * bound value over the run text cached in the document, so when a document binds any, their values are read too.
 */
const DATA_RELATIONSHIPS = new Set(['customXml', 'core-properties', 'extended-properties']);

/**
 * Parts of a drawing Word renders in the document whose character data is its text: SmartArt's data and the
 * drawing Word caches for it (DrawingML a:t), and charts (titles, and the labels and values cached from the chart's
 * workbook). Read whole, always.
 */
const DRAWING_RELATIONSHIPS = new Set(['diagramData', 'diagramDrawing', 'chart']);

/** The names Word gives the text parts: used only for a package without relationships (see partsByName). */
const TEXT_PART = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

// What a WordprocessingML element means for the text, as bits: its character data is text (runs, deleted runs,
// field instructions, which Word shows on Alt+F9); it is a run; what it wraps is gone from the final view
// (deleted) or absent from the original (inserted). Elements not listed mean nothing here.
const IS_TEXT = 1;
const IS_RUN = 2;
const IS_DELETED = 4;
const IS_INSERTED = 8;
const ROLES = new Map([['t', IS_TEXT], ['instrText', IS_TEXT], ['delText', IS_TEXT | IS_DELETED], ['delInstrText', IS_TEXT | IS_DELETED],
  ['r', IS_RUN], ['del', IS_DELETED], ['moveFrom', IS_DELETED], ['ins', IS_INSERTED], ['moveTo', IS_INSERTED]]);
/**
 * Elements whose text is an attribute: a simple field's instruction (a complex field's is instrText) and a list
 * level's text, which Word shows before each item of the list.
 */
const TEXT_ATTRIBUTES = new Map([['fldSimple', 'instr'], ['lvlText', 'val']]);
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
  #lastNs = '';
  #lastIsWord = false;
  markup = '';
  final = '';
  original = '';
  revised = false;
  /** Whether a content control is bound to data (w:dataBinding). */
  bound = false;

  open(e: XmlElement): void {
    if (!this.#word(e.ns)) return;
    const role = ROLES.get(e.local);
    if (role !== undefined) this.#enter(role, 1);
    if (e.local === 'dataBinding') this.bound = true;
    const character = this.#inRun > 0 ? CHARACTERS.get(e.local) : undefined;
    if (character !== undefined) this.#put(character);
    const attribute = TEXT_ATTRIBUTES.get(e.local);
    const text = attribute === undefined ? undefined : e.attr(e.ns, attribute);
    if (text !== undefined) this.#put(`${text} `);
  }

  close(ns: string, local: string): void {
    if (!this.#word(ns)) return;
    const role = ROLES.get(local);
    if (role !== undefined) this.#enter(role, -1);
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

  /** Whether a namespace is WordprocessingML; the reader hands out one string per binding, so the last answer is kept. */
  #word(ns: string): boolean {
    if (ns !== this.#lastNs) {
      this.#lastNs = ns;
      this.#lastIsWord = W_NS.has(ns);
    }
    return this.#lastIsWord;
  }

  #enter(role: number, by: 1 | -1): void {
    if ((role & IS_TEXT) !== 0) this.#inText += by;
    if ((role & IS_RUN) !== 0) this.#inRun += by;
    if ((role & IS_DELETED) !== 0) this.#deleted += by;
    if ((role & IS_INSERTED) !== 0) this.#inserted += by;
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

/** The character data of a part, one line an element: a drawing's text, or the values a content control can show. */
class DataText implements XmlHandler {
  value = '';
  #broken = true;

  open(): void {}

  close(): void {
    if (!this.#broken) this.value += '\n';
    this.#broken = true;
  }

  text(s: string): void {
    this.value += s;
    this.#broken = false;
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

/** The parts of the ZIP by OPC part name: percent-decoded and compared without regard to ASCII case, as OPC says. */
class Package {
  readonly #parts = new Map<string, ZipEntry>();
  readonly budget: InflateBudget;
  readonly #read = new ReadRanges();

  constructor(readonly bytes: Uint8Array, readonly entries: readonly ZipEntry[], maxInflated: number) {
    this.budget = { left: maxInflated, limit: maxInflated };
    for (const e of entries) {
      const key = partKey(e.name);
      if (this.#parts.has(key)) throw corrupt(`two entries are named ${e.name}`);
      this.#parts.set(key, e);
    }
  }

  get(name: string): ZipEntry | undefined {
    return this.#parts.get(partKey(name));
  }

  /** Streams a part through an XML handler; `more` is asked after each piece whether to go on. */
  read(e: ZipEntry, handler: XmlHandler, more: () => boolean = () => true): void {
    this.#read.claim(this.bytes, e);
    const bytes = new XmlBytes(new XmlReader(e.name, handler));
    let whole = true;
    inflateEntry(this.bytes, e, this.budget, (chunk) => {
      bytes.write(chunk);
      whole = more();
      return whole;
    });
    if (whole) bytes.write(new Uint8Array(0), true);
  }

  /** The internal targets of a part's relationships, [type's last segment, part], in the order listed. */
  relationships(source: string): [string, ZipEntry][] {
    const slash = source.lastIndexOf('/');
    const folder = source.slice(0, slash + 1);
    const relsName = `${folder}_rels/${source.slice(slash + 1)}.rels`;
    const rels = this.get(relsName);
    if (rels === undefined) return [];
    const found: [string, ZipEntry][] = [];
    this.read(rels, {
      open: (el) => {
        if (el.local !== 'Relationship' || el.attr('', 'TargetMode') === 'External') return;
        const type = el.attr('', 'Type');
        const target = el.attr('', 'Target');
        if (type === undefined || target === undefined) throw corrupt(`${rels.name}: a relationship without a type or target`);
        const name = resolve(folder, target);
        const part = this.get(name);
        const kind = type.slice(type.lastIndexOf('/') + 1);
        // A text part that is not there is damage, as Word sees it; other parts (images, styles) are not read here.
        if (part === undefined && (kind === 'officeDocument' || TEXT_RELATIONSHIPS.has(kind))) throw corrupt(`${rels.name} names ${name}, which is not in the file`);
        if (part !== undefined) found.push([kind, part]);
      },
      close: () => undefined,
      text: () => undefined,
    });
    return found;
  }
}

/** Lower-cased (ASCII only), percent-decoded, without a leading '/'. */
function partKey(name: string): string {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not percent-encoding (a lone '%'): the name as it is.
  }
  return decoded.replace(/^\/+/, '').replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

/** A relationship's target as a part name: absolute with a leading '/', else relative to the source's folder. */
function resolve(folder: string, target: string): string {
  const path = (target.startsWith('/') ? target : `/${folder}${target}`).split('#')[0] as string;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '' && segment !== '.') out.push(segment);
  }
  return out.join('/');
}

interface TextParts {
  parts: ZipEntry[];
  /** Files a document imports whole (w:altChunk: HTML, RTF, another DOCX), which Word shows inline and which are not read here. */
  imports: string[];
  /** Parts content controls can be bound to. */
  data: ZipEntry[];
  /** Parts of SmartArt and charts. */
  drawings: ZipEntry[];
}

/** The text parts, main document first, as Word finds them: the package's officeDocument, then what it points to. */
function partsByRelationship(pkg: Package): TextParts {
  const packageRelationships = pkg.relationships('');
  const mains = packageRelationships.filter(([kind]) => kind === 'officeDocument');
  if (mains.length !== 1) throw corrupt(mains.length === 0 ? 'no main document in _rels/.rels' : 'more than one main document in _rels/.rels');
  const main = (mains[0] as [string, ZipEntry])[1];
  const parts = new Set([main]);
  const documents = [main];
  const imports: string[] = [];
  const drawings = new Set<ZipEntry>();
  const data = new Set(packageRelationships.filter(([kind]) => DATA_RELATIONSHIPS.has(kind)).map(([, part]) => part));
  for (const doc of documents) {
    for (const [kind, part] of pkg.relationships(doc.name)) {
      if (kind === 'aFChunk') imports.push(part.name);
      if (DATA_RELATIONSHIPS.has(kind)) data.add(part);
      if (DRAWING_RELATIONSHIPS.has(kind)) drawings.add(part);
      if (!TEXT_RELATIONSHIPS.has(kind) || parts.has(part)) continue;
      parts.add(part);
      if (kind === 'glossaryDocument' && doc === main) documents.push(part);
    }
  }
  // A header, footer, note or comment shows what it links to as the body does (a chart, SmartArt, a bound value,
  // an imported file): those links are followed too, though no further text part is taken from them. Their
  // relationship parts count against the inflate cap and the shared-bytes check like every other part read.
  for (const part of parts) {
    if (documents.includes(part)) continue;
    for (const [kind, target] of pkg.relationships(part.name)) {
      if (kind === 'aFChunk') imports.push(target.name);
      if (DATA_RELATIONSHIPS.has(kind)) data.add(target);
      if (DRAWING_RELATIONSHIPS.has(kind)) drawings.add(target);
    }
  }
  // Each part is read once: every read claims its bytes, and a second claim of the same bytes refuses the file.
  const other = (set: Set<ZipEntry>, besides: Set<ZipEntry>): ZipEntry[] => [...set].filter((part) => !parts.has(part) && !besides.has(part));
  return { parts: [...parts], imports, data: other(data, drawings), drawings: other(drawings, new Set()) };
}

/**
 * Without _rels/.rels nothing says where the document is, and Word would not open the file; such a package is
 * still read, by the names Word gives the parts, so that it is scanned rather than let through unread.
 */
function partsByName(pkg: Package): TextParts {
  const parts = pkg.entries.filter((e) => TEXT_PART.test(e.name));
  const main = parts.findIndex((e) => e.name === 'word/document.xml');
  if (main < 0) throw corrupt('no word/document.xml');
  parts.unshift(...parts.splice(main, 1));
  return { parts, imports: [], data: [], drawings: [] };
}

/**
 * The text of a DOCX, main document first, then headers, footers, notes, comments and the glossary. Stops reading
 * once the text is longer than limits.maxChars; `incomplete` names what a reader sees that is not read. Throws
 * ExtractError (corrupt, too_large).
 */
export function extractDocx(bytes: Uint8Array, limits: DocxLimits): { text: string; incomplete?: string } {
  const entries = centralDirectory(bytes);
  const pkg = new Package(bytes, entries, limits.maxInflated);
  const { parts, imports, data, drawings } = pkg.get('_rels/.rels') === undefined ? partsByName(pkg) : partsByRelationship(pkg);
  let text = '';
  let bound = false;
  for (const part of parts) {
    const words = new WordText();
    pkg.read(part, words, () => text.length + words.length <= limits.maxChars);
    text += `${words.toString()}\n`;
    bound ||= words.bound;
    if (text.length > limits.maxChars) break;
  }
  for (const part of bound ? [...drawings, ...data] : drawings) {
    if (text.length > limits.maxChars) break;
    const values = new DataText();
    pkg.read(part, values, () => text.length + values.value.length <= limits.maxChars);
    text += `${values.value}\n`;
  }
  if (imports.length === 0) return { text };
  return { text, incomplete: `it imports ${imports.join(', ')} whole (altChunk), whose text is not read` };
}
