import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { extractAttachmentText, ExtractError, wordXmlText } from './extract.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A one-page PDF with one line of Helvetica text, xref offsets computed. */
function tinyPdf(line: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
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

function tinyDocx(paragraphs: string[]): Uint8Array {
  const xml = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('') + '</w:body></w:document>';
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) });
}

describe('attachment text extraction', () => {
  test('txt and csv are decoded as UTF-8', async () => {
    const r = await extractAttachmentText({ name: 'a.csv', contentType: 'text/csv', bytes: utf8('\uFEFFname,ssn\nAl,123-45-6780\n') });
    assert.equal(r.format, 'csv');
    assert.equal(r.text, 'name,ssn\nAl,123-45-6780\n');
  });

  test('docx paragraphs, with XML entities decoded', async () => {
    const r = await extractAttachmentText({ name: 'memo.docx', contentType: '', bytes: tinyDocx(['Patient: Jo &amp; Al', 'SSN 123-45-6780']) });
    assert.equal(r.format, 'docx');
    assert.equal(r.text.trim(), 'Patient: Jo & Al\nSSN 123-45-6780');
  });

  test('pdf text through PDF.js', async () => {
    const r = await extractAttachmentText({ name: 'x.pdf', contentType: 'application/pdf', bytes: tinyPdf('SSN 123-45-6780') });
    assert.match(r.text, /SSN 123-45-6780/);
  });

  test('unsupported, oversized and corrupt files are clear errors', async () => {
    await assert.rejects(extractAttachmentText({ name: 'a.exe', contentType: 'application/x-msdownload', bytes: utf8('MZ') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'unsupported_type');
    await assert.rejects(extractAttachmentText({ name: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array(11) }, { maxBytes: 10 }),
      (e: unknown) => e instanceof ExtractError && e.code === 'too_large');
    await assert.rejects(extractAttachmentText({ name: 'a.docx', contentType: '', bytes: utf8('not a zip') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'corrupt');
    await assert.rejects(extractAttachmentText({ name: 'a.pdf', contentType: 'application/pdf', bytes: utf8('%PDF-garbage') }),
      (e: unknown) => e instanceof ExtractError && e.code === 'corrupt');
  });

  test('a DOCX that expands too far is refused (zip-bomb guard)', async () => {
    const big = tinyDocx(['x'.repeat(200_000)]);
    await assert.rejects(extractAttachmentText({ name: 'b.docx', contentType: '', bytes: big }, { maxUnzippedBytes: 100_000 }),
      (e: unknown) => e instanceof ExtractError && e.code === 'too_large');
  });

  test('long text is truncated and says so', async () => {
    const r = await extractAttachmentText({ name: 'a.txt', contentType: 'text/plain', bytes: utf8('a'.repeat(100)) }, { maxChars: 10 });
    assert.deepEqual([r.text.length, r.truncated], [10, true]);
    assert.equal(wordXmlText('<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>'), 'a\tb\n');
  });
});
