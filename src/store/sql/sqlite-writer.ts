/**
 * The SQLite writer thread. better-sqlite3 is synchronous: a commit with
 * `synchronous=FULL` blocks its thread for the fsync (0.2 ms on a quiet disk,
 * several ms on a busy one). The message appends and session touches are
 * therefore committed by a worker thread with its own connection to the same
 * database file (sqlite-writer-thread.ts), in group commits, while the event
 * loop goes on reading, screening and delivering. A write's promise settles
 * when the thread reports that its transaction has committed, so an
 * acknowledgement still means durable. See ADR 006.
 *
 * Other writes stay on the event loop's connection; SQLite's write lock
 * orders them with the thread's (the busy timeout waits for the other).
 */
import { Worker } from 'node:worker_threads';
import type { MessageEvent } from '../../domain/messaging.js';
import { StoreError } from '../errors.js';
import { fromWireError, type AppendWrite, type TouchWrite, type WireError, type Write, type Writes } from '../writes.js';

/** What the thread sends back after each transaction: one result per write of the batch. */
export type WriterResult = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
export interface WriterReply {
  results: WriterResult[];
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

// Compiled (dist/*.js), or run from source through tsx (src/*.ts), which the thread must load too.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD = new URL(`./sqlite-writer-thread.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

export class SqliteWriter implements Writes {
  readonly #file: string;
  readonly #onBatch: ((size: number) => void) | undefined;
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #outbox: { id: number; write: Write }[] = [];
  /** Writes the thread has been sent and has not answered yet. */
  #posted = 0;
  #closed = false;

  constructor(file: string, options: { onBatch?: (size: number) => void } = {}) {
    this.#file = file;
    this.#onBatch = options.onBatch;
  }

  append(w: Omit<AppendWrite, 'kind'>): Promise<MessageEvent> {
    return this.#submit({ kind: 'append', ...w }) as Promise<MessageEvent>;
  }

  async touch(w: Omit<TouchWrite, 'kind'>): Promise<void> {
    await this.#submit({ kind: 'touch', ...w });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#flush();
    await Promise.allSettled([...this.#pending.values()].map((p) => new Promise<void>((done) => {
      const { resolve, reject } = p;
      p.resolve = (v) => { resolve(v); done(); };
      p.reject = (e) => { reject(e); done(); };
    })));
    const worker = this.#worker;
    this.#worker = null;
    if (worker) {
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    }
  }

  #submit(write: Write): Promise<unknown> {
    if (this.#closed) return Promise.reject(new StoreError('unavailable', 'the store is closed'));
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      this.#pending.set(id, { resolve, reject });
      this.#outbox.push({ id, write });
      // The writes of one turn of the event loop (the frames of one socket read) go over in one message.
      if (this.#outbox.length === 1) setImmediate(() => this.#flush());
    });
  }

  /**
   * Sends the waiting writes, unless the thread still has writes of ours: a
   * message costs more than the writes it carries, and the thread could not
   * start on them before its commit ends anyway. Its answer sends them.
   */
  #flush(): void {
    if (this.#outbox.length === 0 || this.#posted > 0) return;
    const writes = this.#outbox;
    this.#posted = writes.length;
    this.#outbox = [];
    const worker = this.#ensureWorker();
    // The thread keeps the process alive only while writes are waiting for it.
    worker.ref();
    worker.postMessage({ writes });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = FROM_SOURCE
      // tsx's loader hooks are per thread: the thread registers them before it loads its TypeScript.
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD.href)}); })`, {
        eval: true, workerData: { file: this.#file },
      })
      : new Worker(THREAD, { workerData: { file: this.#file } });
    worker.on('message', (reply: WriterReply) => this.#settle(reply.results));
    const fail = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      const error = new StoreError('unavailable', `the database writer stopped: ${reason}`);
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
      this.#outbox = [];
      this.#posted = 0;
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.#worker = worker;
    return worker;
  }

  #settle(results: WriterResult[]): void {
    this.#onBatch?.(results.length);
    for (const r of results) {
      const p = this.#pending.get(r.id);
      if (!p) continue;
      this.#pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(fromWireError(r.error));
    }
    this.#posted -= results.length;
    this.#flush();
    if (this.#pending.size === 0) this.#worker?.unref();
  }
}
