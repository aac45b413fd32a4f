// PDF text through PDF.js (unpdf), in a worker thread. PDF.js in Node has no
// worker of its own: it parses on the calling thread, and a crafted file (deep
// object graphs, huge content streams, broken fonts) can keep it busy or grow
// its heap without end. In a worker thread it gets a heap limit, a time budget
// checked between pages, and a hard deadline after which the thread is
// terminated; the server's event loop never runs PDF.js code.
import { Worker } from 'node:worker_threads';
import { ExtractError } from './errors.js';

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

/**
 * PDFs parsed at once. Each worker may take PDF_WORKER_HEAP_MB and a core; the
 * others wait their turn, so many PDF attachments sent together cost a bounded
 * amount of memory and leave cores for the event loop.
 */
export const PDF_MAX_CONCURRENT = 2;

/**
 * How far the process's resident memory may grow while a PDF is read. The
 * worker's heap limit does not count ArrayBuffers, where PDF.js keeps decoded
 * streams: a 1 MB file whose content stream inflates to 1 GB grew the server to
 * 2.75 GB. The worker is watched from this thread and stopped past this growth
 * (coarse: it is the whole process's memory, so two PDFs read at once share it).
 */
export const PDF_MAX_RSS_GROWTH_MB = 768;
const RSS_WATCH_MS = 50;

export interface PdfOptions {
  maxPages?: number;
  maxChars?: number;
  /** Budget checked between pages, in ms. */
  timeBudgetMs?: number;
  /** When the worker is terminated, in ms from its start. */
  hardDeadlineMs?: number;
  /** Growth of the process's resident memory at which the worker is stopped, in MB (PDF_MAX_RSS_GROWTH_MB). */
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
// given. Its clock is a guard against runaway files, not business time.
// isEvalSupported: false keeps PDF.js from compiling font programs with
// new Function (the path of CVE-2024-4367); text extraction does not need it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { unpdf, bytes, maxPages, maxChars, timeBudgetMs } = workerData;
(async () => {
  const started = Date.now();
  const { getDocumentProxy } = await import(unpdf);
  const doc = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false });
  const pageCount = doc.numPages;
  let text = '';
  let pagesRead = 0;
  let stoppedBy;
  for (let i = 1; i <= pageCount; i++) {
    if (i > maxPages) { stoppedBy = 'pages'; break; }
    if (Date.now() - started > timeBudgetMs) { stoppedBy = 'time'; break; }
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) if (typeof item.str === 'string') text += item.str + (item.hasEOL ? '\\n' : '');
    text += '\\n';
    page.cleanup();
    pagesRead = i;
    if (text.length > maxChars) { stoppedBy = 'chars'; break; }
  }
  parentPort.postMessage({ ok: true, text, pagesRead, pageCount, stoppedBy });
  await doc.destroy();
})().catch((e) => parentPort.postMessage({ ok: false, message: String((e && e.message) || e) }));
`;

let running = 0;
const waiting: (() => void)[] = [];

/** PDF readers at work now (for tests and metrics). */
export const pdfReadersRunning = (): number => running;

async function slot(): Promise<() => void> {
  if (running >= PDF_MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  // The slot passes straight to the next waiter, so `running` counts held slots exactly.
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

type WorkerReply = { ok: true; text: string; pagesRead: number; pageCount: number; stoppedBy?: PdfText['stoppedBy'] } | { ok: false; message: string };

function runWorker(bytes: Uint8Array, o: Required<PdfOptions>): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { unpdf: import.meta.resolve('unpdf'), bytes, maxPages: o.maxPages, maxChars: o.maxChars, timeBudgetMs: o.timeBudgetMs },
      resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_HEAP_MB },
    });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(watch);
      f();
      void worker.terminate();
    };
    const rssCap = process.memoryUsage.rss() + o.maxRssGrowthMb * 1024 * 1024;
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() > rssCap) {
        settle(() => reject(new ExtractError('too_large', `PDF needs more than ${o.maxRssGrowthMb} MB of memory to read and was stopped`)));
      }
    }, RSS_WATCH_MS);
    const deadline = setTimeout(() => settle(() => reject(new ExtractError('timeout',
      `PDF text extraction did not finish within ${o.hardDeadlineMs} ms and was stopped`))), o.hardDeadlineMs);
    worker.on('message', (m: WorkerReply) => settle(() => {
      if (m.ok) resolve({ text: m.text, pagesRead: m.pagesRead, pageCount: m.pageCount, ...(m.stoppedBy ? { stoppedBy: m.stoppedBy } : {}) });
      else reject(new ExtractError('corrupt', `not a readable PDF: ${m.message}`));
    }));
    worker.on('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new ExtractError('too_large', `PDF needs more than ${PDF_WORKER_HEAP_MB} MB of memory to read`)
      : new ExtractError('corrupt', `not a readable PDF: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new ExtractError('corrupt', `PDF reader stopped (exit code ${code}) before giving its text`))));
  });
}

/** The text of a PDF, page by page, within the page, character, time and memory limits above. */
export async function extractPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfText> {
  const timeBudgetMs = options.timeBudgetMs ?? PDF_TIME_BUDGET_MS;
  const o: Required<PdfOptions> = {
    maxPages: options.maxPages ?? PDF_MAX_PAGES,
    maxChars: options.maxChars ?? Number.MAX_SAFE_INTEGER,
    timeBudgetMs,
    hardDeadlineMs: options.hardDeadlineMs ?? timeBudgetMs + PDF_HARD_DEADLINE_GRACE_MS,
    maxRssGrowthMb: options.maxRssGrowthMb ?? PDF_MAX_RSS_GROWTH_MB,
  };
  const release = await slot();
  try {
    return await runWorker(bytes, o);
  } finally {
    release();
  }
}
