import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pdf } from '../../../test/support/crafted-files.js';
import { ExtractError } from './errors.js';
import { extractAttachmentText } from './extract.js';
import { extractPdf, PDF_MAX_CONCURRENT, PDF_MAX_PAGES, pdfReadersRunning } from './pdf.js';

const pages = (n: number): string[] => Array.from({ length: n }, (_, i) => `Page ${i + 1} of the file`);
const asPdf = (bytes: Uint8Array) => ({ name: 'x.pdf', contentType: 'application/pdf', bytes });

describe('PDF extraction', () => {
  test('every page is read, in order, when within the limits', async () => {
    const r = await extractPdf(pdf(['SSN 536-22-1234', 'second page']));
    assert.deepEqual([r.pagesRead, r.pageCount, r.stoppedBy], [2, 2, undefined]);
    assert.match(r.text, /SSN 536-22-1234\s+second page/);
  });

  test(`a file with more than ${PDF_MAX_PAGES} pages is read up to the page cap and reported incomplete`, async () => {
    const r = await extractAttachmentText(asPdf(pdf(pages(PDF_MAX_PAGES + 20))));
    assert.equal(r.incomplete, `it has ${PDF_MAX_PAGES + 20} pages and only the first ${PDF_MAX_PAGES} are read`);
    assert.match(r.text, new RegExp(`Page ${PDF_MAX_PAGES} of the file`));
    assert.doesNotMatch(r.text, new RegExp(`Page ${PDF_MAX_PAGES + 1} of the file`));
  });

  test('reading stops at the character cap, between pages, and says where', async () => {
    const r = await extractAttachmentText(asPdf(pdf(pages(40))), { maxChars: 100 });
    assert.equal(r.text.length, 100);
    assert.match(r.incomplete ?? '', /^the text limit was reached at page \d+ of 40$/);
  });

  test('the time budget is checked between pages; what was read is kept and the rest reported', async () => {
    // A budget of 0 ms is spent before the first page (opening the document takes longer).
    const r = await extractAttachmentText(asPdf(pdf(pages(5))), { pdf: { timeBudgetMs: 0 } });
    assert.equal(r.incomplete, 'reading stopped at the time limit after 0 of 5 pages');
    assert.equal(r.text, '');
  });

  test('a reader whose memory grows past the cap is stopped (its ArrayBuffers are outside the heap limit)', async () => {
    // A cap below what starting a worker alone takes: the watch from this thread must stop it.
    await assert.rejects(extractPdf(pdf(Array.from({ length: 200 }, (_, i) => `page ${i}`)), { maxRssGrowthMb: 0 }),
      (e: unknown) => e instanceof ExtractError && e.code === 'too_large' && /more than 0 MB of memory/.test(e.message));
    // The next file is read as usual.
    assert.equal((await extractPdf(pdf(['fine']))).pagesRead, 1);
  });

  test('a reader that runs past the hard deadline is terminated with a clear error', async () => {
    // 1 ms is less than it takes to start the worker and load PDF.js: the deadline always fires first.
    await assert.rejects(extractAttachmentText(asPdf(pdf(pages(3))), { pdf: { hardDeadlineMs: 1 } }),
      (e: unknown) => e instanceof ExtractError && e.code === 'timeout' && /did not finish within 1 ms and was stopped/.test(e.message));
    // The slot it held is released: the next file is read.
    assert.match((await extractPdf(pdf(['after']))).text, /after/);
  });

  test('truncated and damaged files are corrupt, naming the reader\'s complaint', async () => {
    const whole = pdf(pages(30));
    for (const bytes of [whole.subarray(0, whole.length >> 1), new TextEncoder().encode('%PDF-1.7\n%garbage'), new Uint8Array(0)]) {
      await assert.rejects(extractAttachmentText(asPdf(bytes)),
        (e: unknown) => e instanceof ExtractError && e.code === 'corrupt' && /^not a readable PDF: ./.test(e.message));
    }
  });

  test(`more PDFs than ${PDF_MAX_CONCURRENT} at once wait their turn and all finish`, async () => {
    const files = Array.from({ length: PDF_MAX_CONCURRENT * 2 + 1 }, (_, i) => pdf([`file ${i}`]));
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, pdfReadersRunning())), 1);
    const texts = await Promise.all(files.map((f) => extractPdf(f)));
    clearInterval(watch);
    texts.forEach((r, i) => assert.match(r.text, new RegExp(`file ${i}`)));
    assert.equal(peak, PDF_MAX_CONCURRENT, 'never more readers at once than the limit, and the limit reached');
    assert.equal(pdfReadersRunning(), 0);
  });
});
