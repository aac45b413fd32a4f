/**
 * Group commit. Writes that arrive while a transaction is committing wait and
 * then commit together in the next one, so a burst of messages costs one
 * durable commit (one fsync) instead of one each. A caller's promise settles
 * only after its write has committed, so acknowledgements still mean durable.
 *
 * If a batch fails, each of its writes is retried in a transaction of its own:
 * one bad write never takes the others down, and its error reaches its caller.
 * So a write's function must have no effect outside the transaction it is given.
 */
import type { Store } from './store.js';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fns` in one transaction; if it fails, runs each in a transaction of
 * its own. Returns each one's outcome, in order, once all have committed.
 */
export async function commitTogether<T>(store: Store, fns: readonly ((tx: Store) => Promise<T>)[]): Promise<Settled<T>[]> {
  try {
    const values = await store.transaction(async (tx) => {
      const out: T[] = [];
      for (const fn of fns) out.push(await fn(tx));
      return out;
    });
    return values.map((value) => ({ ok: true, value }));
  } catch {
    const settled: Settled<T>[] = [];
    for (const fn of fns) {
      try {
        settled.push({ ok: true, value: await store.transaction(fn) });
      } catch (error) {
        settled.push({ ok: false, error });
      }
    }
    return settled;
  }
}

interface Pending {
  fn: (tx: Store) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  readonly #store: Store;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #draining: Promise<void> | null = null;
  /** Batches committed, and writes in them: for metrics and tests. */
  batches = 0;
  writes = 0;

  readonly #onBatch: ((size: number) => void) | undefined;

  constructor(store: Store, options: { maxBatch?: number; onBatch?: (size: number) => void } = {}) {
    this.#store = store;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#onBatch = options.onBatch;
  }

  run<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      // The first write waits for the rest of this turn of the event loop:
      // the other frames read with it reach here a few microtasks later, and
      // they share its commit instead of waiting for the next one.
      this.#draining ??= new Promise<void>((done) => setImmediate(() => void this.#drain().finally(done)));
    });
  }

  /** Resolves once every write queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        const settled = await commitTogether(this.#store, batch.map((item) => item.fn));
        this.batches++;
        this.writes += batch.length;
        this.#onBatch?.(batch.length);
        batch.forEach((item, i) => {
          const s = settled[i]!;
          if (s.ok) item.resolve(s.value);
          else item.reject(s.error);
        });
      }
    } finally {
      this.#draining = null;
    }
  }
}
