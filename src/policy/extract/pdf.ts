// PDF text through PDF.js (unpdf), in a worker thread. PDF.js in Node has no
// worker of its own: it parses on the calling thread, and a crafted file (deep
// object graphs, huge content streams, broken fonts) can keep it busy or grow
// its heap without end. In a worker thread it gets a heap limit, a time budget
// checked between pages, and a hard deadline after which the thread is
// terminated; the server's event loop never runs PDF.js code.
import { READER_MAX_RSS_GROWTH_MB, READER_MAX_WAIT_MS, runReader } from './readers.js';

/**
 * Most pages read. The text of 500 pages (about a book) is far more than the
 * detectors need to judge a file, and each page costs a parse of its content
 * stream; a file with more pages is scanned on its first 500 and reported as
 * not fully checked.
 */
export const PDF_MAX_PAGES = 500;

/**
 * Time budget for one PDF, checked between pages: a typical page takes a few
 * milliseconds, so 10 s covers hundreds of ordinary pages on a loaded two-core
 * machine, while a message never waits on a PDF for long.
 */
export const PDF_TIME_BUDGET_MS = 10_000;

/**
 * Extra time after the budget before the worker is terminated. The budget is
 * only looked at between pages; a single page that does not finish (or a
 * document that never opens) is cut off here.
 */
export const PDF_HARD_DEADLINE_GRACE_MS = 5_000;

/**
 * Heap for one PDF worker. PDF.js needs a few times the file's size for its
 * objects; 25 MB files (the default attachment limit) parse well within 256 MB,
 * and a file that needs more is refused rather than allowed to take the
 * server's memory.
 */
export const PDF_WORKER_HEAP_MB = 256;

export interface PdfOptions {
  maxPages?: number;
  maxChars?: number;
  /** Budget checked between pages, in ms from the request (the wait for a reader counts). */
  timeBudgetMs?: number;
  /** When the worker is terminated, in ms from the request (the wait for a reader counts). */
  hardDeadlineMs?: number;
  /** Longest wait for a reader, in ms (READER_MAX_WAIT_MS); past it the request fails as `busy`. */
  maxWaitMs?: number;
  /** Growth of the process's resident memory at which the worker is stopped, in MB (READER_MAX_RSS_GROWTH_MB). */
  maxRssGrowthMb?: number;
}

export interface PdfText {
  text: string;
  pagesRead: number;
  pageCount: number;
  /** Why reading stopped before the last page, when it did. */
  stoppedBy?: 'pages' | 'chars' | 'time';
}

// The worker is a CommonJS script given as source: it runs the same under tsx
// and from dist/ without a loader (Node 20 does not pass tsx's hooks to
// workers), and it needs nothing of ours, only unpdf, whose resolved URL it is
// given. Its clock is a guard against runaway files, not business time; its
// budget is what is left of the request's after the wait for a reader.
// isEvalSupported: false keeps PDF.js from compiling font programs with
// new Function (the path of CVE-2024-4367); text extraction does not need it.
// The text is cut one unit past maxChars as it grows, in the worker: a page of
// hundreds of megabytes of text is never copied back whole, and the caller
// still sees that the cap was crossed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { unpdf, bytes, maxPages, maxChars, timeBudgetMs } = workerData;
(async () => {
  const started = Date.now();
  let getDocumentProxy;
  try {
    ({ getDocumentProxy } = await import(unpdf));
  } catch (e) {
    // The reader's own code did not load: the server's fault, never the file's.
    parentPort.postMessage({ ok: false, internal: true, message: String((e && e.message) || e) });
    return;
  }
  const doc = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false });
  const pageCount = doc.numPages;
  let text = '';
  let pagesRead = 0;
  let stoppedBy;
  for (let i = 1; i <= pageCount && stoppedBy === undefined; i++) {
    if (i > maxPages) { stoppedBy = 'pages'; break; }
    if (Date.now() - started > timeBudgetMs) { stoppedBy = 'time'; break; }
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (typeof item.str === 'string') text += item.str + (item.hasEOL ? '\\n' : '');
      if (text.length > maxChars) { text = text.slice(0, maxChars + 1); stoppedBy = 'chars'; break; }
    }
    if (stoppedBy === undefined) text += '\\n';
    page.cleanup();
    pagesRead = i;
    if (text.length > maxChars) { text = text.slice(0, maxChars + 1); stoppedBy = 'chars'; }
  }
  parentPort.postMessage({ ok: true, text, pagesRead, pageCount, stoppedBy });
  await doc.destroy();
})().catch((e) => parentPort.postMessage({ ok: false, message: String((e && e.message) || e) }));
`;

type PdfReply = { text: string; pagesRead: number; pageCount: number; stoppedBy?: PdfText['stoppedBy'] };

/**
 * The text of a PDF, page by page, within the page, character, time and memory
 * limits above. At most maxChars + 1 units come back: one past the cap says it
 * was crossed. Every clock starts at the request, so the wait for a reader
 * counts; a request that gets no reader in time is `busy`.
 */
export async function extractPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfText> {
  const timeBudgetMs = options.timeBudgetMs ?? PDF_TIME_BUDGET_MS;
  const maxPages = options.maxPages ?? PDF_MAX_PAGES;
  const maxChars = options.maxChars ?? Number.MAX_SAFE_INTEGER - 1;
  const r = await runReader<PdfReply>('PDF', WORKER_SOURCE, (waited) => ({
    unpdf: import.meta.resolve('unpdf'), bytes, maxPages, maxChars, timeBudgetMs: Math.max(0, timeBudgetMs - waited),
  }), {
    hardDeadlineMs: options.hardDeadlineMs ?? timeBudgetMs + PDF_HARD_DEADLINE_GRACE_MS,
    maxWaitMs: options.maxWaitMs ?? READER_MAX_WAIT_MS,
    maxRssGrowthMb: options.maxRssGrowthMb ?? READER_MAX_RSS_GROWTH_MB,
    heapMb: PDF_WORKER_HEAP_MB,
  }, (m) => typeof m.text === 'string' && Number.isInteger(m.pagesRead) && Number.isInteger(m.pageCount)
    && (m.stoppedBy === undefined || ['pages', 'time', 'chars'].includes(String(m.stoppedBy))));
  return { text: r.text, pagesRead: r.pagesRead, pageCount: r.pageCount, ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}) };
}
