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

interface Pending {
  fn: (tx: Store) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  readonly #store: Store;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #draining = false;
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
      if (!this.#draining) {
        // The first write waits for the rest of this turn of the event loop:
        // the other frames read with it reach here a few microtasks later, and
        // they share its commit instead of waiting for the next one.
        this.#draining = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        let results: unknown[];
        try {
          results = await this.#store.transaction(async (tx) => {
            const out: unknown[] = [];
            for (const item of batch) out.push(await item.fn(tx));
            return out;
          });
        } catch {
          for (const item of batch) {
            try {
              item.resolve(await this.#store.transaction(item.fn));
            } catch (e) {
              item.reject(e);
            }
          }
          continue;
        }
        this.batches++;
        this.writes += batch.length;
        this.#onBatch?.(batch.length);
        batch.forEach((item, i) => item.resolve(results[i]));
      }
    } finally {
      this.#draining = false;
    }
  }
}
