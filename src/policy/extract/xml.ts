// A streaming XML reader for the parts of a DOCX. It is fed the bytes as they
// inflate, so reading can stop as soon as enough text is out, and it keeps
// only what an unfinished token needs. Every search runs forward from where the
// last one stopped (indexOf, a quote-aware scan of tags, sticky regexes of
// disjoint character classes), so hostile input costs time linear in its length.
// It knows namespaces (any prefix, default namespaces, undeclared prefixes
// refused), CDATA, comments, processing instructions and the five entities and
// character references; anything else (a DTD, an unknown entity) is refused,
// as Word refuses it, rather than read in some way Word would not. A tag's
// attributes are parsed only when the handler asks for one or the tag declares
// a namespace: a document has millions of attributes and the text is in none
// of them but the few asked for.
import { corrupt } from './zip.js';

/**
 * The element being opened, as the handler sees it: valid only during XmlHandler.open (the reader reuses it).
 * Attributes are parsed when asked for, and always when the tag declares a namespace.
 */
export class XmlElement {
  ns = '';
  local = '';
  /** The tag's text after its name. */
  rest = '';

  constructor(readonly reader: XmlReader) {}

  /** The value of an attribute by namespace ('' for an unprefixed one) and local name. */
  attr(ns: string, local: string): string | undefined {
    let found: string | undefined;
    this.reader.attributes(this.local, this.rest, (name, value) => {
      const colon = name.indexOf(':');
      if (name.slice(colon + 1) === local && (colon < 0 ? '' : this.reader.namespaceOf(name.slice(0, colon), name)) === ns) found = value;
    });
    return found;
  }
}

export interface XmlHandler {
  open(e: XmlElement): void;
  close(ns: string, local: string): void;
  /** Character data inside the root element: references decoded, CDATA as it is. */
  text(s: string): void;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Longest entity or character reference accepted, '&' to ';'. */
const MAX_REFERENCE = 32;
/** Longest XML declaration looked for at the start of a part. */
const MAX_DECLARATION = 1024;

const TEXT = 0;
const TAG = 1;
const COMMENT = 2;
const CDATA = 3;
const PI = 4;
const LT = 0x3c;
const GT = 0x3e;
const QUOT = 0x22;
const APOS = 0x27;

/** What ends a tag's name, by character code: XML whitespace, or what may not be in a name at all (then the attributes fail to parse). */
const NAME_END = new Uint8Array(128);
for (const c of ' \t\r\n/"\'<>=') NAME_END[c.charCodeAt(0)] = 1;
const ATTRIBUTE = /\s+([^\s/"'<>=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s+$/y;
const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

interface Open { qname: string; ns: string; local: string; declared: string[] | null }

/**
 * Deepest nesting of elements read. Word's documents nest tens deep (tables in tables, fields, content controls);
 * every open element is held until it closes, so millions of "<a>" in a 63 KB file filled a 512 MB heap.
 */
export const XML_MAX_DEPTH = 2_000;

export class XmlReader {
  #state = TEXT;
  /** Input held back for the next write: a cut reference, '<' or the last characters of a comment, PI or CDATA. */
  #carry = '';
  /** The unfinished tag, in pieces, and the quote it is inside, if any. */
  #tag: string[] = [];
  #quote = 0;
  #open: Open[] = [];
  /** For each prefix ('' the default), the namespaces bound to it, innermost last. */
  #bindings = new Map<string, string[]>([['xml', [XML_NS]], ['', ['']]]);
  #rootSeen = false;
  readonly #element = new XmlElement(this);

  constructor(readonly part: string, readonly handler: XmlHandler) {}

  bad(why: string): Error {
    return corrupt(`${this.part}: ${why}`);
  }

  write(chunk: string): void {
    const s = this.#carry + chunk;
    this.#carry = '';
    let i = 0;
    while (i < s.length) {
      if (this.#state === TEXT) {
        const lt = s.indexOf('<', i);
        if (lt < 0) {
          // A reference cut by the end of the chunk waits for the rest.
          const amp = s.lastIndexOf('&');
          const cut = amp >= i && s.indexOf(';', amp) < 0 ? amp : s.length;
          if (s.length - cut > MAX_REFERENCE) throw this.bad('an unterminated reference');
          this.#text(s.slice(i, cut));
          this.#carry = s.slice(cut);
          return;
        }
        if (lt > i) this.#text(s.slice(i, lt));
        i = this.#markup(s, lt);
        if (i < 0) return;
      } else if (this.#state === TAG) {
        i = this.#scanTag(s, i);
      } else {
        const close = this.#state === COMMENT ? '-->' : this.#state === CDATA ? ']]>' : '?>';
        const at = s.indexOf(close, i);
        // Not closed yet: keep the characters that could begin the terminator.
        const stop = at < 0 ? Math.max(i, s.length - close.length + 1) : at;
        if (this.#state === CDATA) this.#characters(s.slice(i, stop));
        if (at < 0) {
          this.#carry = s.slice(stop);
          return;
        }
        i = at + close.length;
        this.#state = TEXT;
      }
    }
  }

  /** Checks that the part ended where a document may end. */
  end(): void {
    if (this.#state !== TEXT || this.#carry !== '') throw this.bad('it ends inside markup or a reference');
    const top = this.#open.at(-1);
    if (top !== undefined) throw this.bad(`it ends inside <${top.qname}>`);
    if (!this.#rootSeen) throw this.bad('no root element');
  }

  /** At '<': the kind of markup. Returns where to go on, or -1 when the chunk ends before the kind is known. */
  #markup(s: string, lt: number): number {
    const next = s[lt + 1];
    const bang = next === '!';
    if (next === '?') this.#state = PI;
    else if (bang && s.startsWith('<!--', lt)) this.#state = COMMENT;
    else if (bang && s.startsWith('<![CDATA[', lt)) this.#state = CDATA;
    else if (next === undefined || (bang && s.length - lt < 9 && ('<![CDATA['.startsWith(s.slice(lt)) || '<!--'.startsWith(s.slice(lt))))) {
      this.#carry = s.slice(lt);
      return -1;
    } else if (bang) throw this.bad('a document type or other declaration, which a DOCX part may not have');
    else {
      this.#state = TAG;
      this.#quote = 0;
      return lt + 1;
    }
    return lt + (this.#state === PI ? 2 : this.#state === COMMENT ? 4 : 9);
  }

  /** Scans for the '>' that ends the tag, outside quotes; at the end of the chunk the piece is kept. */
  #scanTag(s: string, from: number): number {
    let q = this.#quote;
    let j = from;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === LT) throw this.bad('"<" inside a tag');
      if (q !== 0) {
        if (c === q) q = 0;
      } else if (c === GT) break;
      else if (c === QUOT || c === APOS) q = c;
    }
    this.#quote = q;
    if (j === s.length) {
      this.#tag.push(s.slice(from, j));
      return j;
    }
    const tag = this.#tag.length === 0 ? s.slice(from, j) : [...this.#tag, s.slice(from, j)].join('');
    this.#tag = [];
    this.#state = TEXT;
    if (tag.startsWith('/')) this.#endTag(tag.slice(1).trimEnd());
    else this.#startTag(tag);
    return j + 1;
  }

  #endTag(qname: string): void {
    const top = this.#open.pop();
    if (top?.qname !== qname) throw this.bad(`</${qname}> does not close ${top === undefined ? 'any element' : `<${top.qname}>`}`);
    if (top.declared !== null) for (const p of top.declared) this.#bindings.get(p)?.pop();
    this.handler.close(top.ns, top.local);
  }

  #startTag(tag: string): void {
    const selfClosing = tag.endsWith('/');
    const end = selfClosing ? tag.length - 1 : tag.length;
    let nameEnd = 0;
    while (nameEnd < end) {
      const c = tag.charCodeAt(nameEnd);
      if (c < 128 && NAME_END[c] === 1) break;
      nameEnd++;
    }
    if (nameEnd === 0) throw this.bad('a tag without a name');
    const qname = tag.slice(0, nameEnd);
    if (this.#open.length === 0 && this.#rootSeen) throw this.bad('a second root element');
    if (this.#open.length >= XML_MAX_DEPTH) throw this.bad(`elements nested more than ${XML_MAX_DEPTH} deep`);
    this.#rootSeen = true;
    const rest = nameEnd === end ? '' : tag.slice(nameEnd, end);
    let declared: string[] | null = null;
    if (rest.includes('xmlns')) {
      this.attributes(qname, rest, (name, value) => {
        if (name !== 'xmlns' && !name.startsWith('xmlns:')) return;
        const prefix = name.slice(6);
        if (name === 'xmlns:' || prefix === 'xmlns') throw this.bad(`a malformed namespace declaration in <${qname}>`);
        if (prefix !== '' && value === '') throw this.bad(`prefix "${prefix}" bound to no namespace`);
        const stack = this.#bindings.get(prefix) ?? [];
        stack.push(value);
        this.#bindings.set(prefix, stack);
        (declared ??= []).push(prefix);
      });
    }
    const colon = qname.indexOf(':');
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    if (colon === 0 || local === '' || local.includes(':')) throw this.bad(`"${qname}" is not a qualified name`);
    const ns = this.namespaceOf(colon < 0 ? '' : qname.slice(0, colon), qname);
    this.#open.push({ qname, ns, local, declared });
    this.#element.ns = ns;
    this.#element.local = local;
    this.#element.rest = rest;
    this.handler.open(this.#element);
    if (selfClosing) this.#endTag(qname);
  }

  /** Calls `each` with every attribute's name and decoded value in the tag text after the name. */
  attributes(qname: string, rest: string, each: (name: string, value: string) => void): void {
    // One shared sticky regex: nothing called from here reads attributes again.
    ATTRIBUTE.lastIndex = 0;
    while (ATTRIBUTE.lastIndex < rest.length) {
      const m = ATTRIBUTE.exec(rest);
      if (m === null) throw this.bad(`a malformed attribute in <${qname}>`);
      if (m[1] === undefined) return;
      each(m[1], this.#decode(m[2] ?? m[3] ?? ''));
    }
  }

  /** The namespace bound to a prefix ('' the default) where the reader is. */
  namespaceOf(prefix: string, qname: string): string {
    const ns = this.#bindings.get(prefix)?.at(-1);
    if (ns === undefined) throw this.bad(`prefix "${prefix}" of <${qname}> is not declared`);
    return ns;
  }

  #text(raw: string): void {
    if (raw !== '') this.#characters(this.#decode(raw));
  }

  #characters(s: string): void {
    if (s !== '' && this.#open.length > 0) this.handler.text(s);
  }

  /** Entity and character references decoded; references to NUL or lone surrogates become U+FFFD. */
  #decode(s: string): string {
    let amp = s.indexOf('&');
    if (amp < 0) return s;
    let out = '';
    let from = 0;
    while (amp >= 0) {
      const semi = s.indexOf(';', amp);
      if (semi < 0 || semi - amp > MAX_REFERENCE) throw this.bad('an unterminated reference');
      const ref = s.slice(amp + 1, semi);
      let ch = ENTITIES.get(ref);
      if (ch === undefined) {
        const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
        if (m === null) throw this.bad(`an unknown reference &${ref};`);
        const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] as string, 10);
        ch = cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ? '\uFFFD' : String.fromCodePoint(cp);
      }
      out += s.slice(from, amp) + ch;
      from = semi + 1;
      amp = s.indexOf('&', from);
    }
    return out + s.slice(from);
  }
}

/**
 * Decodes a part's bytes for an XmlReader: UTF-8, or UTF-16 by its byte-order
 * mark or by '<' next to a NUL. The encoding an XML declaration names must be
 * the one found; any other (Windows-1252, say) is refused, since reading it as
 * UTF-8 could hide its text.
 */
export class XmlBytes {
  #head: Uint8Array | null = new Uint8Array(0);
  #decoder: InstanceType<typeof TextDecoder> | null = null;
  #declaration: string | null = '';

  constructor(readonly reader: XmlReader) {}

  write(bytes: Uint8Array, last = false): void {
    if (this.#head !== null) {
      const head = new Uint8Array(this.#head.length + bytes.length);
      head.set(this.#head);
      head.set(bytes, this.#head.length);
      if (head.length < 4 && !last) {
        this.#head = head;
        return;
      }
      this.#head = null;
      this.#decoder = new TextDecoder(encodingOf(head), { fatal: true });
      bytes = head;
    }
    let text: string;
    try {
      text = (this.#decoder as InstanceType<typeof TextDecoder>).decode(bytes, { stream: !last });
    } catch {
      throw this.reader.bad(`bytes that are not ${(this.#decoder as InstanceType<typeof TextDecoder>).encoding.toUpperCase()}`);
    }
    if (this.#declaration !== null) {
      text = this.#declaration + text;
      const end = text.indexOf('?>');
      const undecided = text.startsWith('<?xml') ? end < 0 : '<?xml'.startsWith(text);
      if (undecided && !last) {
        if (text.length > MAX_DECLARATION) throw this.reader.bad('an XML declaration that does not end');
        this.#declaration = text;
        return;
      }
      this.#declaration = null;
      if (text.startsWith('<?xml')) this.#checkDeclared(text.slice(0, end < 0 ? text.length : end));
    }
    this.reader.write(text);
    if (last) this.reader.end();
  }

  #checkDeclared(declaration: string): void {
    const declared = /\sencoding\s*=\s*["']([^"']*)["']/.exec(declaration)?.[1]?.toLowerCase();
    const found = (this.#decoder as InstanceType<typeof TextDecoder>).encoding;
    if (declared === undefined || declared === found || (declared === 'utf-16' && found.startsWith('utf-16'))) return;
    throw this.reader.bad(declared === 'utf-8' || declared.startsWith('utf-16')
      ? `it declares ${declared.toUpperCase()} but is ${found.toUpperCase()}`
      : `encoding ${declared} (only UTF-8 and UTF-16 are read)`);
  }
}

function encodingOf(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] !== 0 && b[1] === 0)) return 'utf-16le';
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0 && b[1] !== 0)) return 'utf-16be';
  return 'utf-8';
}
