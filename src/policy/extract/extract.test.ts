import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateBomb, deflatedRun, docx, documentXml, pdf, W_NS } from '../../../test/support/crafted-files.js';
import { extractAttachmentText, ExtractError, formatOf, wordXmlText } from './extract.js';
import { READERS_MAX_CONCURRENT, readerSlots } from './readers.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('attachment text extraction', () => {
  test('txt and csv are decoded, the BOM dropped', async () => {
    const r = await extractAttachmentText({ name: 'a.csv', contentType: 'text/csv', bytes: utf8('\uFEFFname,ssn\nAl,123-45-6780\n') });
    assert.deepEqual(r, { format: 'csv', text: 'name,ssn\nAl,123-45-6780\n' });
  });

  test('docx paragraphs, with XML entities decoded', async () => {
    const r = await extractAttachmentText({ name: 'memo.docx', contentType: '', bytes: docx(documentXml(['Patient: Jo &amp; Al', 'SSN 123-45-6780'])) });
    assert.equal(r.format, 'docx');
    assert.equal(r.text.trim(), 'Patient: Jo & Al\nSSN 123-45-6780');
  });

  test('pdf text through PDF.js', async () => {
    const r = await extractAttachmentText({ name: 'x.pdf', contentType: 'application/pdf', bytes: pdf(['SSN 123-45-6780']) });
    assert.match(r.text, /SSN 123-45-6780/);
    assert.equal(r.incomplete, undefined);
  });

  test('the sniffed type decides the extractor; the name only when the type says nothing', () => {
    assert.equal(formatOf({ name: 'report.txt', contentType: 'image/png' }), null);
    assert.equal(formatOf({ name: 'x.pdf', contentType: 'application/zip' }), null);
    assert.equal(formatOf({ name: 'x.docx', contentType: 'application/zip' }), 'docx');
    assert.equal(formatOf({ name: 'legacy.txt', contentType: 'application/octet-stream' }), 'txt');
    assert.equal(formatOf({ name: 'legacy.csv', contentType: '' }), 'csv');
    assert.equal(formatOf({ name: 'notes', contentType: 'application/xml' }), 'txt');
    assert.equal(formatOf({ name: 'scan.pdf', contentType: 'application/pdf; x=y' }), 'pdf');
    assert.equal(formatOf({ name: 'a.bin', contentType: 'application/octet-stream' }), null);
  });

  test('unsupported, oversized and corrupt files are clear errors', async () => {
    await assert.rejects(extractAttachmentText({ name: 'a.exe', contentType: 'application/x-msdownload', bytes: utf8('MZ') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'unsupported_type');
    await assert.rejects(extractAttachmentText({ name: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array(11) }, { maxBytes: 10 }),
      (e: unknown) => e instanceof ExtractError && e.code === 'too_large' && e.message === 'attachment is 11 bytes; the limit is 10');
    await assert.rejects(extractAttachmentText({ name: 'a.docx', contentType: '', bytes: utf8('not a zip') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'corrupt');
    await assert.rejects(extractAttachmentText({ name: 'a.pdf', contentType: 'application/pdf', bytes: utf8('%PDF-garbage') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'corrupt');
  });

  test('a DOCX bomb is refused at the cap on real inflated bytes', async () => {
    await assert.rejects(extractAttachmentText({ name: 'b.docx', contentType: '', bytes: docx({ data: deflateBomb(4), method: 8 }) }, { maxInflatedBytes: 1_000_000 }),
      (e: unknown) => e instanceof ExtractError && e.code === 'too_large' && /inflate past 1000000 bytes/.test(e.message));
  });

  test('long text is cut at maxChars, on a character boundary, and says so', async () => {
    const r = await extractAttachmentText({ name: 'a.txt', contentType: 'text/plain', bytes: utf8('a'.repeat(100)) }, { maxChars: 10 });
    assert.deepEqual([r.text, r.incomplete], ['a'.repeat(10), 'only the first 10 characters of its text are checked']);
    const emoji = await extractAttachmentText({ name: 'a.txt', contentType: 'text/plain', bytes: utf8('\u{1F600}'.repeat(10)) }, { maxChars: 3 });
    assert.equal(emoji.text, '\u{1F600}');
    const doc = await extractAttachmentText({ name: 'm.docx', contentType: '', bytes: docx(documentXml(['x'.repeat(50)])) }, { maxChars: 20 });
    assert.deepEqual([doc.text.length, doc.incomplete], [20, 'only the first 20 characters of its text are checked']);
    assert.equal(wordXmlText(`<w:p xmlns:w="${W_NS}"><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>`), 'a\tb\n');
  });

  test('a DOCX whose text runs past maxChars is read up to there, not inflated to the byte cap, and reported cut', async () => {
    // 100 MiB of "x" in one run: past the 64 MiB cap on bytes, but the text cap is reached first.
    const head = `<w:document xmlns:w="${W_NS}"><w:body><w:p><w:r><w:t>`;
    const bytes = docx({ data: deflatedRun(head, 0x78, 100, '</w:t></w:r></w:p></w:body></w:document>'), method: 8 });
    const r = await extractAttachmentText({ name: 'long.docx', contentType: '', bytes });
    assert.deepEqual([r.text.length, r.incomplete], [2_000_000, 'only the first 2000000 characters of its text are checked']);
  });

  test('a DOCX is read in a reader, off the event loop, in the same slots as PDFs', async () => {
    const pending = extractAttachmentText({ name: 'memo.docx', contentType: '', bytes: docx(documentXml(['In a worker'])) });
    assert.equal(readerSlots.running, 1, 'the reader slot is taken as soon as the request is made');
    assert.equal((await pending).text.trim(), 'In a worker');
    const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
    try {
      await assert.rejects(extractAttachmentText({ name: 'memo.docx', contentType: '', bytes: docx(documentXml(['waits'])) }, { docx: { maxWaitMs: 0 } }),
        (e: unknown) => e instanceof ExtractError && e.code === 'busy' && /^DOCX text extraction could not start: the server is busy/.test(e.message));
    } finally {
      held.forEach((release) => release());
    }
  });
});
