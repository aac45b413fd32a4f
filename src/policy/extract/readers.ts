// Readers: the worker threads that parse untrusted files (PDF and DOCX) off the
// event loop. A parser that runs on the loop stalls every connection of the node
// for as long as it runs; in a worker it gets a heap limit, a hard deadline
// after which the thread is terminated, and a watch on the process's memory.
// Readers are few (each may take a core and its heap), so a request waits for a
// slot, but never for long nor in a long line: one that cannot start in time
// fails as `busy`, which the send path turns into "try again" for the sender.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ExtractError, type ExtractErrorCode } from './errors.js';

/**
 * Readers at work at once, PDF and DOCX together. Each may take its heap and a
 * core; the others wait their turn, so many attachments sent together cost a
 * bounded amount of memory and leave cores for the event loop.
 */
export const READERS_MAX_CONCURRENT = 2;

/**
 * Longest wait for a reader, in ms. It counts against the request's hard
 * deadline, and half of the PDF time budget is still left after it; a sender
 * told "busy" after 5 s may try again, where an unbounded wait would only
 * have grown the queue.
 */
export const READER_MAX_WAIT_MS = 5_000;

/**
 * Requests that may wait for a reader. Each holds its file's bytes (up to the
 * attachment limit, 25 MB by default) while it waits: 8 of them are 200 MB at
 * most, and more than 2 readers can serve in 5 s anyway.
 */
export const READERS_MAX_WAITING = 8;

/**
 * How far the process's resident memory may grow while a reader works. A
 * worker's heap limit does not count ArrayBuffers, where PDF.js keeps decoded
 * streams: a 1 MB file whose content stream inflates to 1 GB grew the server to
 * 2.75 GB. The worker is watched from this thread and stopped past this growth
 * (coarse: it is the whole process's memory, so two readers share it, and a
 * stop is not held against the file for good: see ExtractError.transient).
 */
export const READER_MAX_RSS_GROWTH_MB = 768;
const RSS_WATCH_MS = 50;

/** Slots for readers: at most `limit` at work; waiters are served first come, first served, each for its own time. */
export class ReaderSlots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number, readonly maxWaiting: number) {}

  /** Readers at work now (for tests and metrics). */
  get running(): number {
    return this.#running;
  }

  /** Requests waiting for a reader now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** A slot, given back by the returned function; rejects with a `busy` ExtractError when none is free within `waitMs` or too many wait already. */
  acquire(waitMs: number, what: string): Promise<() => void> {
    if (this.#running < this.limit) {
      this.#running++;
      return Promise.resolve(this.#release());
    }
    const busy = (why: string): ExtractError =>
      new ExtractError('busy', `${what} text extraction could not start: the server is busy reading other attachments (${why}); try again shortly`);
    if (this.#waiting.length >= this.maxWaiting) return Promise.reject(busy(`${this.#running} at work and ${this.#waiting.length} waiting`));
    if (waitMs <= 0) return Promise.reject(busy(`${this.#running} at work`));
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        clearTimeout(timer);
        resolve(this.#release());
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(grant);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(busy(`no reader was free within ${waitMs} ms`));
      }, waitMs);
      this.#waiting.push(grant);
    });
  }

  // The slot passes straight to the next waiter, so `running` counts held slots exactly; a second call does nothing.
  #release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
  }
}

/** The slots every reader of this process takes. */
export const readerSlots = new ReaderSlots(READERS_MAX_CONCURRENT, READERS_MAX_WAITING);

export interface ReaderLimits {
  /** When the worker is terminated, in ms from the request (the wait for a slot counts). */
  hardDeadlineMs: number;
  /** Longest wait for a slot, in ms (never past the hard deadline). */
  maxWaitMs: number;
  /** Growth of the process's resident memory at which the worker is stopped, in MB. */
  maxRssGrowthMb: number;
  /** The worker's heap, in MB. */
  heapMb: number;
}

/**
 * What a reader's worker posts back: its result, or why it failed (with a code
 * when it knows it), or `internal` when the worker itself could not start its
 * work (a module that does not load): a fault of the server, not of the file.
 */
export type ReaderReply<T> = ({ ok: true } & T) | { ok: false; code?: ExtractErrorCode; internal?: boolean; message: string };

const FILE_CODES: ReadonlySet<string> = new Set<ExtractErrorCode>(['unsupported_type', 'too_large', 'corrupt']);

/**
 * Runs `source` (a CommonJS worker script, eval'd) in a reader slot, within the
 * limits, and returns its reply. `data` builds the worker's data once the slot
 * is held, from the time spent waiting for it. Throws ExtractError: `busy`,
 * `timeout`, `too_large` (heap or memory), `corrupt` (anything the worker
 * reports without a code of its own, prefixed "not a readable <what>"); a plain
 * Error when the worker reports an `internal` failure.
 */
export async function runReader<T>(what: string, source: string, data: (waitedMs: number) => Record<string, unknown>, limits: ReaderLimits,
  isReply: (m: Record<string, unknown>) => boolean): Promise<T> {
  const requested = performance.now();
  const release = await readerSlots.acquire(Math.min(limits.maxWaitMs, limits.hardDeadlineMs), what);
  try {
    const waited = performance.now() - requested;
    return await runWorker<T>(what, source, data(waited), limits, Math.max(0, limits.hardDeadlineMs - waited), isReply);
  } finally {
    release();
  }
}

// The worker of runTask: a CommonJS script given as source. It loads the task's module by URL (registering tsx's
// hooks itself when run from source: a worker does not inherit them on Node 20) and posts what its function returns.
// A module that does not load, or an error the task marks `internal`, is the server's fault, not the file's; an
// ExtractError crosses as its code and message.
const TASK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, fn, tsx, args } = workerData;
(async () => {
  let task;
  try {
    if (tsx) (await import(tsx)).register();
    task = (await import(module))[fn];
    if (typeof task !== 'function') throw new Error(module + ' exports no function ' + fn);
  } catch (e) {
    parentPort.postMessage({ ok: false, internal: true, message: String((e && e.message) || e) });
    return;
  }
  let out;
  try {
    out = await task(args);
  } catch (e) {
    parentPort.postMessage(e && e.name === 'ExtractError' && typeof e.code === 'string' ? { ok: false, code: e.code, message: e.message }
      : { ok: false, ...(e && e.internal === true ? { internal: true } : {}), message: String((e && e.message) || e) });
    return;
  }
  parentPort.postMessage({ ...out, ok: true });
})();
`;

/** A function exported by a module, run in a worker by runTask: it takes plain data and returns a plain object. */
export interface WorkerTask { module: string; fn: string }

/**
 * Runs `task.fn(args)` in a reader slot, within the limits (see runReader), and returns its result once isReply
 * accepts it. `args` is built once the slot is held, from the time spent waiting for it.
 */
export function runTask<T>(what: string, task: WorkerTask, args: (waitedMs: number) => Record<string, unknown>, limits: ReaderLimits,
  isReply: (m: Record<string, unknown>) => boolean): Promise<T> {
  const tsx = task.module.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
  return runReader<T>(what, TASK_SOURCE, (waited) => ({ module: task.module, fn: task.fn, tsx, args: args(waited) }), limits, isReply);
}

function runWorker<T>(what: string, source: string, workerData: Record<string, unknown>, limits: ReaderLimits, deadlineMs: number,
  isReply: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: limits.heapMb } });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(watch);
      try {
        f();
      } finally {
        void worker.terminate();
      }
    };
    const rssCap = process.memoryUsage.rss() + limits.maxRssGrowthMb * 1024 * 1024;
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() > rssCap) {
        settle(() => reject(new ExtractError('too_large', `${what} needs more than ${limits.maxRssGrowthMb} MB of memory to read and was stopped`, { transient: true })));
      }
    }, RSS_WATCH_MS);
    const deadline = setTimeout(() => settle(() => reject(new ExtractError('timeout',
      `${what} text extraction did not finish within ${limits.hardDeadlineMs} ms and was stopped`))), deadlineMs);
    worker.on('message', (m: ReaderReply<T>) => settle(() => {
      // The worker's script is ours, but its answer is checked like any input before anything reads it.
      if (m === null || typeof m !== 'object' || typeof m.ok !== 'boolean' || (m.ok && !isReply(m as Record<string, unknown>))
        || (!m.ok && typeof m.message !== 'string')) {
        reject(new Error(`${what} reader answered with something that is not a reply`));
      } else if (m.ok) resolve(m);
      else if (m.internal === true) reject(new Error(`${what} reader could not start: ${m.message}`));
      else if (m.code !== undefined && FILE_CODES.has(m.code)) reject(new ExtractError(m.code, m.message));
      else reject(new ExtractError('corrupt', `not a readable ${what}: ${m.message}`));
    }));
    worker.on('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new ExtractError('too_large', `${what} needs more than ${limits.heapMb} MB of memory to read`)
      // Not necessarily the file's fault (a thread that could not start, an allocation the process refused): reported
      // as unreadable now, but not kept as this file's verdict (see ExtractError.transient).
      : new ExtractError('corrupt', `not a readable ${what}: ${err.message}`, { transient: true }))));
    worker.on('exit', (code) => settle(() => reject(new ExtractError('corrupt', `${what} reader stopped (exit code ${code}) before giving its text`,
      { transient: true }))));
  });
}
