import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateBomb, deflated, deflatedRun, docx, documentXml, patchZipSizes, W_NS, zip } from '../../../test/support/crafted-files.js';
import { DOCX_MAX_ENTRIES, DOCX_MAX_INFLATED_BYTES, extractDocx as extractWithLimits } from './docx.js';
import { ExtractError } from './errors.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const extractDocx = (bytes: Uint8Array, maxInflated = DOCX_MAX_INFLATED_BYTES, maxChars = 2_000_000): string =>
  extractWithLimits(bytes, { maxInflated, maxChars }).text;

/** Runs fn and returns the ExtractError it throws (failing the test if it throws anything else or nothing). */
function extractError(fn: () => unknown): ExtractError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExtractError) return e;
    throw e;
  }
  assert.fail('expected an ExtractError');
}

describe('DOCX extraction', () => {
  test('body text, with stored and deflated parts alike', () => {
    const xml = documentXml(['Patient: Jo &amp; Al', 'SSN 536-22-1234']);
    assert.equal(extractDocx(docx(xml)).trim(), 'Patient: Jo & Al\nSSN 536-22-1234');
    assert.equal(extractDocx(docx({ data: xml, method: 0 })).trim(), 'Patient: Jo & Al\nSSN 536-22-1234');
  });

  test('a real bomb (200 MiB of zeros from 200 KB) stops at the cap on inflated bytes', () => {
    const bomb = deflateBomb(200);
    assert.ok(bomb.length < 300_000);
    const e = extractError(() => extractDocx(docx({ data: bomb, method: 8 })));
    assert.equal(e.code, 'too_large');
    assert.match(e.message, new RegExp(`inflate past ${DOCX_MAX_INFLATED_BYTES} bytes \\(stopped in word/document\\.xml`));
  });

  test('headers that declare small sizes do not lift the cap: the real output is counted', () => {
    const xml = documentXml(['x'.repeat(300_000)]);
    // Both headers say the part inflates to 100 bytes; it inflates to 300 KB.
    const lying = patchZipSizes(docx(xml), 'word/document.xml', { uncompressed: 100 });
    const e = extractError(() => extractDocx(lying, 200_000));
    assert.equal(e.code, 'too_large');
    assert.match(e.message, /inflate past 200000 bytes/);
    // The same file under a cap it fits reads in full: the lie alone is not what refuses it.
    assert.equal(extractDocx(lying, 400_000).trim().length, 300_000);
  });

  test('the cap counts every text part together, not each alone', () => {
    const part = deflated(documentXml(['y'.repeat(60_000)]));
    const file = zip([
      { name: 'word/document.xml', data: part, method: 8 },
      { name: 'word/header1.xml', data: part, method: 8 },
      { name: 'word/footer1.xml', data: part, method: 8 },
    ]);
    assert.equal(extractError(() => extractDocx(file, 150_000)).code, 'too_large');
    assert.equal(extractDocx(file, 250_000).replace(/\s/g, '').length, 180_000);
  });

  test('text parts that point at the same compressed bytes are corrupt, not inflated once each', () => {
    // Thousands of headers sharing one stream that inflates to little would cost minutes within the cap on output.
    const body = deflated(documentXml(['Lunch menu']));
    const shared = zip([
      { name: 'word/document.xml', data: body, method: 8 },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `word/header${i}.xml`, data: body, method: 8 as const, sharesDataOf: 'word/document.xml' })),
    ]);
    const e = extractError(() => extractDocx(shared));
    assert.deepEqual([e.code, e.message], ['corrupt', 'not a readable DOCX: word/header0.xml shares compressed bytes with another part']);
    // The same parts with bytes of their own are read.
    const own = zip([{ name: 'word/document.xml', data: body, method: 8 }, { name: 'word/header1.xml', data: body, method: 8 }]);
    assert.equal(extractDocx(own).match(/Lunch menu/g)?.length, 2);
  });

  test('a compressed size that runs past the file, or stops short of the data, is corrupt', () => {
    const file = docx(documentXml(['SSN 536-22-1234 '.repeat(1000)]));
    const past = extractError(() => extractDocx(patchZipSizes(file, 'word/document.xml', { compressed: 10_000_000 })));
    assert.equal(past.code, 'corrupt');
    assert.match(past.message, /word\/document\.xml: declares 10000000 compressed bytes, past the end of the file/);
    const short = extractError(() => extractDocx(patchZipSizes(file, 'word/document.xml', { compressed: 20 })));
    assert.equal(short.code, 'corrupt');
    assert.match(short.message, /^not a readable DOCX: word\/document\.xml: /);
  });

  test('truncated, damaged and non-ZIP files are corrupt, naming what is wrong', () => {
    const file = docx(documentXml(['hello']));
    assert.match(extractError(() => extractDocx(file.subarray(0, file.length - 30))).message, /no ZIP end-of-central-directory record/);
    assert.match(extractError(() => extractDocx(utf8('not a zip'))).message, /no ZIP end-of-central-directory record/);
    // Garbage where the DEFLATE data of the body should be.
    const garbled = docx({ data: new Uint8Array(64).fill(0xff), method: 8 });
    assert.equal(extractError(() => extractDocx(garbled)).code, 'corrupt');
    const noBody = zip([{ name: 'word/styles.xml', data: utf8('<w:styles/>'), method: 0 }]);
    assert.match(extractError(() => extractDocx(noBody)).message, /no word\/document\.xml/);
    const bzip = docx({ data: utf8('BZh9'), method: 12 as 8 });
    assert.match(extractError(() => extractDocx(bzip)).message, /compression method 12 is not DEFLATE/);
    // A central directory whose offset points outside the file.
    const moved = file.slice();
    new DataView(moved.buffer).setUint32(moved.length - 6, 0x7fffffff, true);
    assert.match(extractError(() => extractDocx(moved)).message, /central directory entry 0 is damaged/);
  });

  test('an archive listing more entries than a document has is refused', () => {
    const empty = new Uint8Array(0);
    const many = zip(Array.from({ length: DOCX_MAX_ENTRIES + 1 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: empty, method: 0 as const })));
    const e = extractError(() => extractDocx(many));
    assert.equal(e.code, 'too_large');
    assert.match(e.message, new RegExp(`lists ${DOCX_MAX_ENTRIES + 1} entries; the limit is ${DOCX_MAX_ENTRIES}`));
  });

  test('character references to NUL or lone surrogates become U+FFFD', () => {
    const text = extractDocx(docx(documentXml(['a&#xD800;b&#0;c&#x1F600;'])));
    assert.equal(text.trim(), 'a\uFFFDb\uFFFDc\u{1F600}');
  });

  test('parts other than text are never inflated, however large', () => {
    const file = zip([
      { name: 'word/media/image1.png', data: deflateBomb(100), method: 8 },
      { name: 'word/document.xml', data: deflated(documentXml(['fine'])), method: 8 },
    ]);
    assert.equal(extractDocx(file).trim(), 'fine');
  });

  test('the WordprocessingML namespace is found under any prefix or as the default, and only there', () => {
    const x = extractDocx(docx(utf8(`<x:document xmlns:x="${W_NS}"><x:body><x:p><x:r><x:t>SSN 536-22-1234</x:t></x:r></x:p></x:body></x:document>`)));
    assert.equal(x.trim(), 'SSN 536-22-1234');
    const bare = extractDocx(docx(utf8(`<document xmlns="${W_NS}"><body><p><r><t>SSN 536-22-1235</t></r></p></body></document>`)));
    assert.equal(bare.trim(), 'SSN 536-22-1235');
    // Strict OOXML, which Word also opens.
    const strict = extractDocx(docx(utf8('<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>SSN 536-22-1236</w:t></w:r></w:p></w:body></w:document>')));
    assert.equal(strict.trim(), 'SSN 536-22-1236');
    // "w" bound to something else is not WordprocessingML: its t is not text, the real one under "q" is.
    const swapped = extractDocx(docx(utf8(`<q:document xmlns:q="${W_NS}" xmlns:w="urn:decoy"><q:body><q:p><w:t>decoy</w:t><q:r><q:t>SSN 536-22-1237</q:t></q:r></q:p></q:body></q:document>`)));
    assert.equal(swapped.trim(), 'SSN 536-22-1237');
    // A prefix that is bound nowhere is not XML Word reads.
    const unbound = extractError(() => extractDocx(docx(utf8('<w:document><w:body/></w:document>'))));
    assert.deepEqual([unbound.code, unbound.message], ['corrupt', 'not a readable DOCX: word/document.xml: prefix "w" of <w:document> is not declared']);
  });

  test('CDATA in a run is text; comments and processing instructions are not', () => {
    const xml = documentXml(['<![CDATA[SSN 536-22-1234 & <b>]]>', '<!-- <w:t>hidden</w:t> -->A<?x <w:t>pi</w:t>?>B', 'C&#x2D;&#45;&lt;']);
    assert.equal(extractDocx(docx(xml)).trim(), 'SSN 536-22-1234 & <b>\nAB\nC--<');
  });

  test('parts in UTF-16 are decoded; other encodings are refused as unreadable', () => {
    const xml = new TextDecoder().decode(documentXml(['SSN 536-22-1234']));
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    assert.equal(extractDocx(docx(le)).trim(), 'SSN 536-22-1234');
    const be = Buffer.from(xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'), 'utf16le').swap16();
    assert.equal(extractDocx(docx(be)).trim(), 'SSN 536-22-1234');
    const latin = Buffer.from(xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1');
    const e = extractError(() => extractDocx(docx(latin)));
    assert.deepEqual([e.code, e.message], ['corrupt', 'not a readable DOCX: word/document.xml: encoding iso-8859-1 (only UTF-8 and UTF-16 are read)']);
  });

  test('every view of tracked changes is scanned: all markup, final and original', () => {
    const run = (t: string, el = 't'): string => `<w:r><w:${el}>${t}</w:${el}></w:r>`;
    // Visible: 536-22-1234. Inserted after it: "9", which would spoil the number in the markup and final views.
    const inserted = extractDocx(docx(documentXml([`</w:t></w:r>${run('536-22-1234')}<w:ins w:id="1">${run('9')}</w:ins><w:r><w:t>`])));
    assert.deepEqual(inserted.split('\n').filter((l) => l !== ''), ['536-22-12349', '536-22-12349', '536-22-1234']);
    // Deleted: the last digits, which only the markup and original views show.
    const deleted = extractDocx(docx(documentXml([`</w:t></w:r>${run('536-22-')}<w:del w:id="2">${run('1234', 'delText')}</w:del><w:r><w:t>`])));
    assert.deepEqual(deleted.split('\n').filter((l) => l !== ''), ['536-22-1234', '536-22-', '536-22-1234']);
  });

  test('field instructions, simple fields and non-breaking hyphens are text', () => {
    const fields = documentXml([`</w:t></w:r><w:r><w:instrText> QUOTE "536-22-1234" </w:instrText></w:r><w:fldSimple w:instr="QUOTE 536-22-1235"/><w:r><w:t>`,
      `536</w:t><w:noBreakHyphen/><w:t>22</w:t><w:noBreakHyphen/><w:t>1236`]);
    assert.equal(extractDocx(docx(fields)), ' QUOTE "536-22-1234" QUOTE 536-22-1235 \n536-22-1236\n\n');
  });

  test('reading stops once the text passes the character cap, long before the cap on bytes', () => {
    // 200 MiB of "x" in one run, from 200 KB: the text cap (here 1,000,000) is reached within the first slices.
    const head = new TextDecoder().decode(documentXml(['<w:t>'])).replace(/<w:t>(?=<\/w:t>)/, '').split('<w:t xml:space="preserve">')[0] as string;
    const run = deflatedRun(`${head}<w:t>`, 0x78, 200, '</w:t></w:r></w:p></w:body></w:document>');
    const text = extractDocx(docx({ data: run, method: 8 }), DOCX_MAX_INFLATED_BYTES, 1_000_000);
    // At most one slice (16 KiB in, up to ~16 MiB out) past the cap; extract.ts cuts it and reports the cut.
    assert.ok(text.length > 1_000_000 && text.length < 20_000_000, `${text.length} characters`);
    assert.ok(/^x+\n$/.test(text), 'the run, and nothing else');
  });
});
