import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pdf } from '../../../test/support/crafted-files.js';
import { ExtractError } from './errors.js';
import { extractAttachmentText } from './extract.js';
import { extractPdf, PDF_MAX_PAGES } from './pdf.js';
import { READERS_MAX_CONCURRENT, READERS_MAX_WAITING, readerSlots } from './readers.js';

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

  test(`more PDFs than ${READERS_MAX_CONCURRENT} at once wait their turn and all finish`, async () => {
    const files = Array.from({ length: READERS_MAX_CONCURRENT * 2 + 1 }, (_, i) => pdf([`file ${i}`]));
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, readerSlots.running)), 1);
    const texts = await Promise.all(files.map((f) => extractPdf(f)));
    clearInterval(watch);
    texts.forEach((r, i) => assert.match(r.text, new RegExp(`file ${i}`)));
    assert.equal(peak, READERS_MAX_CONCURRENT, 'never more readers at once than the limit, and the limit reached');
    assert.equal(readerSlots.running, 0);
  });

  test('the text is cut in the reader, one unit past the cap, however much one page holds', async () => {
    // One page of 500 text runs (about 27,000 characters), each drawn where the last was so none falls off the page.
    const page = Array.from({ length: 500 }, (_, i) => `run ${i} of a page that holds far more text than the cap`).join(') Tj 0 0 Td (');
    const r = await extractPdf(pdf([page]), { maxChars: 100 });
    assert.deepEqual([r.text.length, r.stoppedBy, r.pagesRead], [101, 'chars', 1]);
    const whole = await extractAttachmentText(asPdf(pdf([page])), { maxChars: 100 });
    assert.deepEqual([whole.text, whole.incomplete], [r.text.slice(0, 100), 'only the first 100 characters of its text are checked']);
  });

  describe('while every reader is held', () => {
    /** Takes every slot, as readers stuck on slow files would. */
    const holdAll = async (): Promise<() => void> => {
      const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
      return () => held.forEach((release) => release());
    };
    const isBusy = (e: unknown): boolean => e instanceof ExtractError && e.code === 'busy' && e.transient
      && /^PDF text extraction could not start: the server is busy reading other attachments \(.+\); try again shortly$/.test(e.message);

    test('a request that gets no reader within its wait is busy, and says so', async () => {
      const release = await holdAll();
      try {
        await assert.rejects(extractPdf(pdf(['waiting']), { maxWaitMs: 50 }), (e: unknown) => isBusy(e) && /no reader was free within 50 ms/.test((e as Error).message));
        assert.equal(readerSlots.waiting, 0, 'the request left the queue');
      } finally {
        release();
      }
      assert.match((await extractPdf(pdf(['after']))).text, /after/);
    });

    test('the hard deadline starts at the request: waiting for a reader uses it up', async () => {
      const release = await holdAll();
      try {
        await assert.rejects(extractPdf(pdf(['late']), { hardDeadlineMs: 100, maxWaitMs: 60_000 }), (e: unknown) => isBusy(e) && /within 100 ms/.test((e as Error).message));
      } finally {
        release();
      }
    });

    test('the time budget starts at the request too: a request that waited past it reads no page', async () => {
      const release = await holdAll();
      const pending = extractPdf(pdf(['one', 'two']), { timeBudgetMs: 100, maxWaitMs: 60_000, hardDeadlineMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      const r = await pending;
      assert.deepEqual([r.pagesRead, r.pageCount, r.stoppedBy], [0, 2, 'time']);
    });

    test(`no more than ${READERS_MAX_WAITING} requests wait; the next is busy at once`, async () => {
      const release = await holdAll();
      const queued = Array.from({ length: READERS_MAX_WAITING }, (_, i) => extractPdf(pdf([`queued ${i}`]), { maxWaitMs: 60_000, hardDeadlineMs: 60_000 }));
      try {
        assert.equal(readerSlots.waiting, READERS_MAX_WAITING);
        await assert.rejects(extractPdf(pdf(['one too many']), { maxWaitMs: 60_000 }),
          (e: unknown) => isBusy(e) && new RegExp(`${READERS_MAX_CONCURRENT} at work and ${READERS_MAX_WAITING} waiting`).test((e as Error).message));
      } finally {
        release();
      }
      // The queued requests are served in turn once the readers are free.
      (await Promise.all(queued)).forEach((r, i) => assert.match(r.text, new RegExp(`queued ${i}`)));
      assert.deepEqual([readerSlots.running, readerSlots.waiting], [0, 0]);
    });
  });
});

