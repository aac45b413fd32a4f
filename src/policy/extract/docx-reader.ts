// DOCX text in a reader (readers.ts). docx.ts inflates and scans on the thread
// that calls it: within its caps that is still up to about a second of CPU (a
// bomb stopped at 64 MiB, a document.xml just under it), and on the event loop
// that second is a stall for every connection of the node. Here it runs in a
// worker thread, in the same slots, deadline and memory watch as PDF reading;
// docx.ts itself is used as it is, through its exported extractDocx.
import type * as Docx from './docx.js';
import { READER_MAX_RSS_GROWTH_MB, READER_MAX_WAIT_MS, runReader } from './readers.js';

/** The function of docx.ts the worker calls; named here so that the type checker sees a rename. */
const EXTRACT_FUNCTION = 'extractDocx' satisfies keyof typeof Docx;

/**
 * Heap for one DOCX worker. The reader streams each part and keeps at most the
 * text up to the character cap (2 M characters, 4 MB in the heap), the open
 * elements (at most XML_MAX_DEPTH) and one inflated slice; ad-hoc runs of the
 * previous round with the cap raised read 66 MB of Cyrillic prose in 96-256 MB
 * (not kept in a bench). 512 MB is room to spare, so a real document is not
 * refused for its heap; the caps on inflated bytes, text and nesting bound what
 * a crafted file can make it hold.
 */
export const DOCX_WORKER_HEAP_MB = 512;

/**
 * Hard deadline for a DOCX, from the request (the wait for a reader counts).
 * The caps bound the work to about a second; this only stops a worker that
 * hangs for a reason no cap foresaw.
 */
export const DOCX_HARD_DEADLINE_MS = 15_000;

// A CommonJS script given as source, like the PDF reader's. It loads docx.ts
// (or docx.js from dist/) by URL; from source, under tsx, a worker does not
// inherit tsx's hooks (Node 20), so it registers them itself. An ExtractError
// from docx.ts crosses as its code and message; a module that does not load is
// the server's fault, not the file's, and says so (`internal`). The text is cut
// one unit past maxChars before it is copied back.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { docx, fn, tsx, bytes, maxInflated, maxChars } = workerData;
(async () => {
  let extractDocx;
  try {
    if (tsx) (await import(tsx)).register();
    extractDocx = (await import(docx))[fn];
    if (typeof extractDocx !== 'function') throw new Error(docx + ' exports no function ' + fn);
  } catch (e) {
    parentPort.postMessage({ ok: false, internal: true, message: String((e && e.message) || e) });
    return;
  }
  let out;
  try {
    out = extractDocx(bytes, { maxInflated, maxChars });
  } catch (e) {
    parentPort.postMessage(e && e.name === 'ExtractError' && typeof e.code === 'string'
      ? { ok: false, code: e.code, message: e.message }
      : { ok: false, message: String((e && e.message) || e) });
    return;
  }
  const text = out.text.length > maxChars ? out.text.slice(0, maxChars + 1) : out.text;
  parentPort.postMessage(out.incomplete === undefined ? { ok: true, text } : { ok: true, text, incomplete: out.incomplete });
})();
`;

export interface DocxReaderOptions {
  maxInflatedBytes: number;
  maxChars: number;
  /** In ms from the request (DOCX_HARD_DEADLINE_MS). */
  hardDeadlineMs?: number;
  /** Longest wait for a reader, in ms (READER_MAX_WAIT_MS). */
  maxWaitMs?: number;
}

/**
 * The text of a DOCX (docx.ts's extractDocx) read in a worker: at most maxChars + 1 units, and what a reader
 * sees that was not read (`incomplete`). Throws ExtractError.
 */
export async function readDocx(bytes: Uint8Array, options: DocxReaderOptions): Promise<{ text: string; incomplete?: string }> {
  const docx = import.meta.resolve('./docx.js');
  const r = await runReader<{ text: string; incomplete?: string }>('DOCX', WORKER_SOURCE, () => ({
    docx, fn: EXTRACT_FUNCTION, tsx: docx.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null, bytes, maxInflated: options.maxInflatedBytes, maxChars: options.maxChars,
  }), {
    hardDeadlineMs: options.hardDeadlineMs ?? DOCX_HARD_DEADLINE_MS,
    maxWaitMs: options.maxWaitMs ?? READER_MAX_WAIT_MS,
    maxRssGrowthMb: READER_MAX_RSS_GROWTH_MB,
    heapMb: DOCX_WORKER_HEAP_MB,
  }, (m) => typeof m.text === 'string' && (m.incomplete === undefined || typeof m.incomplete === 'string'));
  return typeof r.incomplete === 'string' ? { text: r.text, incomplete: r.incomplete } : { text: r.text };
}
