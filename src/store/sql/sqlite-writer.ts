/**
 * The SQLite writer thread. better-sqlite3 is synchronous: a commit with
 * `synchronous=FULL` blocks its thread for the fsync (0.2 ms on a quiet disk,
 * several ms on a busy one). The message appends and session touches are
 * therefore committed by a worker thread with its own connection to the same
 * database file (sqlite-writer-thread.ts), in group commits, while the event
 * loop goes on reading, screening and delivering. A write's promise settles
 * when the thread reports that its transaction has committed, so an
 * acknowledgement still means durable. See ADR 007.
 *
 * Other writes stay on the event loop's connection; SQLite's write lock
 * orders them with the thread's (the busy timeout waits for the other).
 */
import { Worker } from 'node:worker_threads';
import type { MessageEvent } from '../../domain/messaging.js';
import { StoreError } from '../errors.js';
import { fromWireError, type AppendWrite, type ReadWrite, type TouchWrite, type WireError, type Write, type Writes } from '../writes.js';

/**
 * The writes and results as they cross to and from the thread. Copying between
 * threads costs per object and per field, more than the inserts themselves, so
 * an append travels as a flat tuple and comes back as its sequence number alone:
 * this side still holds the event.
 */
export type WireWrite =
  | [id: number, kind: 'append', conversationId: string, eventId: string, eventKind: MessageEvent['kind'], messageId: string, senderId: string,
    clientId: string, body: string | null, meta: MessageEvent['meta'], createdAt: number, membersVersion: number, attachmentIds: string[] | null,
    uploaderId: string, review: AppendWrite['review']]
  | [id: number, kind: 'touch', write: TouchWrite]
  | [id: number, kind: 'read', write: ReadWrite];
/** `[id, seq]` for an append, `[id, marker]` for a read marker, `[id, null]` for a touch, `[id, null, error]` for a write that failed. */
export type WireResult = [id: number, value: number | null, error?: WireError];

export function encodeWrite(id: number, w: Write): WireWrite {
  if (w.kind !== 'append') return [id, w.kind, w] as WireWrite;
  const e = w.event;
  return [id, 'append', e.conversationId, e.id, e.kind, e.messageId, e.senderId, e.clientId, e.body, e.meta, e.createdAt, w.membersVersion,
    w.attachmentIds.length > 0 ? w.attachmentIds : null, w.uploaderId, w.review];
}

export function decodeWrite(t: WireWrite): Write {
  if (t[1] !== 'append') return t[2];
  const [, , conversationId, id, kind, messageId, senderId, clientId, body, meta, createdAt, membersVersion, attachmentIds, uploaderId, review] = t;
  return {
    kind: 'append', event: { conversationId, id, kind, messageId, senderId, clientId, body, meta, createdAt },
    membersVersion, attachmentIds: attachmentIds ?? [], uploaderId, review,
  };
}

/**
 * What a write's caller gets from the thread's answer `value`: a sequence
 * number or read marker (a non-negative integer), or null for a touch. An
 * answer of another shape is refused rather than handed on as a sequence number.
 */
export function resultOf(write: Write, value: unknown): MessageEvent | number | null {
  if (write.kind === 'touch' ? value !== null : !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    throw new StoreError('invalid_data', `the database writer answered ${typeof value} ${String(value).slice(0, 40)} for a ${write.kind}`);
  }
  return write.kind === 'append' ? { ...write.event, seq: value as number } : (value as number | null);
}

interface Pending {
  write: Write;
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
  #ready: Promise<void> | null = null;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #outbox: WireWrite[] = [];
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

  markRead(w: Omit<ReadWrite, 'kind'>): Promise<number> {
    return this.#submit({ kind: 'read', ...w }) as Promise<number>;
  }

  /** Starts the thread and waits until it has opened the database. */
  async start(): Promise<void> {
    this.#ensureWorker().ref();
    await this.#ready;
    if (this.#pending.size === 0) this.#worker?.unref();
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
    this.#ready = null;
    if (worker) {
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    }
  }

  #submit(write: Write): Promise<unknown> {
    if (this.#closed) return Promise.reject(new StoreError('unavailable', 'the database writer is closed'));
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      this.#pending.set(id, { write, resolve, reject });
      this.#outbox.push(encodeWrite(id, write));
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
    worker.postMessage(writes);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = FROM_SOURCE
      // tsx's loader hooks are per thread: the thread registers them before it loads its TypeScript.
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD.href)}); })`, {
        eval: true, workerData: { file: this.#file },
      })
      : new Worker(THREAD, { workerData: { file: this.#file } });
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: WireResult[] | 'ready') => (msg === 'ready' ? resolve() : this.#settle(msg)));
      worker.once('error', (e) => reject(new StoreError('unavailable', `the database writer did not start: ${e.message}`, { cause: e })));
      worker.once('exit', (code) => reject(new StoreError('unavailable', `the database writer did not start (exit code ${code})`)));
    });
    // Only start() waits for it; a write that finds the thread gone fails through fail() below.
    this.#ready.catch(() => {});
    const fail = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#ready = null;
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

  #settle(results: WireResult[]): void {
    this.#onBatch?.(results.length);
    for (const [id, value, error] of results) {
      const p = this.#pending.get(id);
      if (!p) continue;
      this.#pending.delete(id);
      if (error) {
        p.reject(fromWireError(error));
        continue;
      }
      try {
        p.resolve(resultOf(p.write, value));
      } catch (e) {
        p.reject(e);
      }
    }
    this.#posted -= results.length;
    this.#flush();
    if (this.#pending.size === 0) this.#worker?.unref();
  }
}
