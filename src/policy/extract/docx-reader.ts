// DOCX text in a reader (readers.ts). docx.ts inflates and scans on the thread
// that calls it: within its caps that is still up to about a second of CPU (a
// bomb stopped at 64 MiB, a document.xml just under it), and on the event loop
// that second is a stall for every connection of the node. Here it runs in a
// worker thread, in the same slots, deadline and memory watch as PDF reading;
// docx.ts itself is used as it is, through its exported extractDocx.
import { extractDocx } from './docx.js';
import { READER_MAX_RSS_GROWTH_MB, READER_MAX_WAIT_MS, runTask } from './readers.js';



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

/**
 * What the worker runs (runTask): docx.ts's extractDocx, with the text cut one unit past maxChars before it is
 * copied back. An ExtractError from docx.ts crosses as its code and message.
 */
export function docxTask(args: { bytes: Uint8Array; maxInflated: number; maxChars: number }): { text: string; incomplete?: string } {
  const out = extractDocx(args.bytes, { maxInflated: args.maxInflated, maxChars: args.maxChars });
  const text = out.text.length > args.maxChars ? out.text.slice(0, args.maxChars + 1) : out.text;
  return out.incomplete === undefined ? { text } : { text, incomplete: out.incomplete };
}

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
  const r = await runTask<{ text: string; incomplete?: string }>('DOCX', { module: import.meta.url, fn: docxTask.name }, () => ({
    bytes, maxInflated: options.maxInflatedBytes, maxChars: options.maxChars,
  }), {
    hardDeadlineMs: options.hardDeadlineMs ?? DOCX_HARD_DEADLINE_MS,
    maxWaitMs: options.maxWaitMs ?? READER_MAX_WAIT_MS,
    maxRssGrowthMb: READER_MAX_RSS_GROWTH_MB,
    heapMb: DOCX_WORKER_HEAP_MB,
  }, (m) => typeof m.text === 'string' && (m.incomplete === undefined || typeof m.incomplete === 'string'));
  return typeof r.incomplete === 'string' ? { text: r.text, incomplete: r.incomplete } : { text: r.text };
}
