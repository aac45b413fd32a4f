/**
 * Durable commits for SQLite without blocking the event loop (ADR 008). The
 * connection runs with `synchronous = NORMAL`, so a COMMIT appends its frames to
 * the WAL without an fsync; a caller is answered only after an fdatasync of the
 * WAL file that began after its commit returned. That is the guarantee
 * `synchronous = FULL` gives (the commit frame and every frame and header
 * before it are on stable storage), reached in the thread pool instead of on
 * the event loop, and shared: commits that arrive while a sync runs wait for
 * the next one, which starts when it ends, so a burst costs two syncs.
 */
import { closeSync, fdatasync, fstatSync, openSync } from 'node:fs';
import { StoreError } from '../errors.js';

/**
 * A commit that happened but may not be on disk: its WAL sync failed. Nothing
 * may retry it (it committed), and nothing after it may be called durable:
 * once an fdatasync has failed, Linux may have marked the unwritten pages clean,
 * so a later sync could succeed without them, and recovery after a power loss
 * would drop every later frame with them. Every later sync fails with this
 * error until the process restarts, as PostgreSQL does (`data_sync_retry = off`).
 */
export class DurabilityLost extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
    this.name = 'DurabilityLost';
  }
}

export const isDurabilityLost = (e: unknown): e is DurabilityLost => e instanceof DurabilityLost;

/** The system call, injectable so that a test can hold it and see who waits (the disk is outside our control). */
export type DataSync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

export class WalSync {
  readonly #path: string;
  readonly #dataSync: DataSync;
  #fd: number | null = null;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #lost: DurabilityLost | null = null;
  /** Whether anything committed since the last sync began (the connection reports each commit). */
  #dirty = true;
  /** Syncs started, for tests and metrics. */
  syncs = 0;

  constructor(path: string, dataSync: DataSync = fdatasync) {
    this.#path = path;
    this.#dataSync = dataSync;
  }

  /** Why nothing is durable any more, once a sync has failed; null while all is well. */
  get lost(): DurabilityLost | null {
    return this.#lost;
  }

  /** A commit wrote to the WAL: the next sync() must begin a sync after it. */
  written(): void {
    this.#dirty = true;
  }

  /**
   * Resolves once everything committed before this call is on stable storage.
   * If nothing committed since the last sync began, that sync covers it all:
   * a read-only transaction, or a barrier with nothing new, starts none.
   */
  sync(): Promise<void> {
    if (this.#lost) return Promise.reject(this.#lost);
    if (!this.#dirty) return this.#running ?? Promise.resolve();
    if (this.#running === null) return this.#start();
    // The sync in progress may have begun before the caller's commit: the next one covers it.
    this.#queued ??= this.#running.then(
      () => this.#next(),
      () => this.#next(),
    );
    return this.#queued;
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #next(): Promise<void> {
    this.#queued = null;
    return this.#start();
  }

  #start(): Promise<void> {
    let fd: number | null;
    try {
      fd = this.#file();
    } catch (e) {
      return Promise.reject(e as Error);
    }
    if (fd === null) return Promise.resolve();
    this.#dirty = false;
    this.syncs++;
    let settle!: (err: NodeJS.ErrnoException | null) => void;
    const p = new Promise<void>((resolve, reject) => {
      settle = (err) => {
        if (this.#running === p) this.#running = null;
        if (!err && !this.#lost) return resolve();
        this.#lost ??= new DurabilityLost(
          `commits may not be on disk: fdatasync of ${this.#path} failed (${err?.message ?? 'an earlier sync failed'}); restart the server`, { cause: err },
        );
        reject(this.#lost);
      };
    });
    this.#running = p;
    this.#dataSync(fd, settle);
    return p;
  }

  /**
   * The WAL's descriptor. SQLite deletes the WAL when the last connection to
   * the database closes (another process's, say) and makes a new one when it
   * next writes, so a descriptor whose file is gone is opened again. Null if
   * there is no WAL: nothing has been written through it.
   */
  #file(): number | null {
    if (this.#fd !== null && fstatSync(this.#fd).nlink > 0) return this.#fd;
    this.close();
    try {
      this.#fd = openSync(this.#path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('unavailable', `could not open ${this.#path} to make commits durable: ${(e as Error).message}`, { cause: e });
    }
    return this.#fd;
  }
}
