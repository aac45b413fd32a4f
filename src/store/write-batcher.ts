/**
 * Group commit. Writes that arrive while a transaction is committing wait and
 * then commit together in the next one, so a burst of messages costs one
 * durable commit (one fsync) instead of one each. A caller's promise settles
 * only after its write has committed, so acknowledgements still mean durable.
 *
 * If a write of a batch throws, it alone fails with its error and the others
 * commit together without it: the outcome is that of running the batch's
 * writes one after another, skipping the failed one. If the failure cannot be
 * pinned on one write (the commit itself failed, or a lock or connection
 * error that might not recur), each write is retried in a transaction of its
 * own. Either way one bad write never takes the others down, and its error
 * reaches its caller. So a write's function must have no effect outside the
 * transaction it is given.
 */
import type { Store } from './store.js';
import { isStoreError } from './errors.js';
import { isDurabilityLost } from './sql/wal-sync.js';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A lock timeout, deadlock or lost connection: the same write may succeed when tried again. */
const mayNotRecur = (e: unknown): boolean => isStoreError(e, 'conflict') || isStoreError(e, 'unavailable');

/** After this many writes of one batch have failed, the rest of it commits one write per transaction. */
const MAX_REGROUPS = 8;

/**
 * Runs `fns` in one transaction, leaving out each write that throws (see
 * above). Returns each one's outcome, in order, once all have committed.
 * `committed` is called once, when the batch will begin no more transactions
 * (its last commit has happened, or it has given up), which may be before the
 * commit is durable and the promise resolves.
 */
export async function commitTogether<T>(
  store: Store, fns: readonly ((tx: Store) => Promise<T>)[], committed: () => void = () => {},
): Promise<Settled<T>[]> {
  try {
    return await attempt(store, fns, committed);
  } finally {
    committed();
  }
}

async function attempt<T>(store: Store, fns: readonly ((tx: Store) => Promise<T>)[], committed: () => void): Promise<Settled<T>[]> {
  const settled: Settled<T>[] = new Array<Settled<T>>(fns.length);
  let rest = fns.map((_, i) => i);
  // Each failure costs a rolled-back transaction that ran the writes before it: bounded, then one by one.
  for (let round = 0; round <= MAX_REGROUPS && rest.length > 0; round++) {
    let failed: { index: number; error: unknown } | null = null;
    try {
      const values = await store.transaction(async (tx) => {
        const out: T[] = [];
        for (const i of rest) {
          try {
            out.push(await fns[i]!(tx));
          } catch (error) {
            failed = { index: i, error };
            throw error;
          }
        }
        return out;
      }, { onCommitted: committed });
      rest.forEach((i, k) => (settled[i] = { ok: true, value: values[k]! }));
      return settled;
    } catch (error) {
      // The batch committed but may not be on disk: retrying would write it twice, and nothing may be called durable.
      if (isDurabilityLost(error)) {
        for (const i of rest) settled[i] = { ok: false, error };
        return settled;
      }
      const f = failed as { index: number; error: unknown } | null;
      if (!f || mayNotRecur(f.error)) break;
      settled[f.index] = { ok: false, error: f.error };
      rest = rest.filter((i) => i !== f.index);
    }
  }
  for (const i of rest) {
    try {
      settled[i] = { ok: true, value: await store.transaction(fns[i]!) };
    } catch (error) {
      settled[i] = { ok: false, error };
      if (isDurabilityLost(error)) {
        for (const j of rest) settled[j] ??= { ok: false, error };
        break;
      }
    }
  }
  return settled;
}

interface Pending {
  fn: (tx: Store) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  readonly #store: Store;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #queue: Pending[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  /** When the batch started last has begun its last transaction: the next one starts its own only then. */
  #lastCommitted: Promise<void> = Promise.resolve();
  /** Batches committed, and writes in them: for metrics and tests. */
  batches = 0;
  writes = 0;

  readonly #onBatch: ((size: number) => void) | undefined;

  /**
   * `concurrency`: batches in progress at once. One, unless the store orders
   * transactions itself and answers a commit only when it is durable (SQLite,
   * ADR 008): then a second batch runs its statements while the first waits
   * for its sync, instead of the event loop idling through it. (On PostgreSQL
   * two batches would be two transactions that could lock rows in opposite
   * orders.)
   */
  constructor(store: Store, options: { maxBatch?: number; concurrency?: number; onBatch?: (size: number) => void } = {}) {
    this.#store = store;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#concurrency = options.concurrency ?? 1;
    this.#onBatch = options.onBatch;
  }

  run<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once every write queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#inFlight > 0 || this.#queue.length > 0) await new Promise<void>((done) => this.#idle.push(done));
  }

  /**
   * A batch starts on the next turn of the event loop, not at once: the other
   * frames read with the first write reach here a few microtasks later, and
   * they share its commit instead of waiting for the next one.
   */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#start();
    });
  }

  #start(): void {
    if (this.#inFlight >= this.#concurrency || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#inFlight++;
    // Batches commit in the order they started, even when one rolls back to drop a failing write and runs again:
    // a sender's messages keep the order they were sent in.
    const previous = this.#lastCommitted;
    let committed!: () => void;
    this.#lastCommitted = new Promise<void>((resolve) => (committed = resolve));
    void previous
      .then(() => commitTogether(this.#store, batch.map((item) => item.fn), committed))
      .then(
        (settled) => {
          this.batches++;
          this.writes += batch.length;
          this.#onBatch?.(batch.length);
          batch.forEach((item, i) => {
            const s = settled[i]!;
            if (s.ok) item.resolve(s.value);
            else item.reject(s.error);
          });
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight--;
        if (this.#inFlight === 0 && this.#queue.length === 0) for (const done of this.#idle.splice(0)) done();
        this.#schedule();
      });
    // Writes that arrived since may start the next batch now, if the concurrency allows.
    this.#schedule();
  }
}
