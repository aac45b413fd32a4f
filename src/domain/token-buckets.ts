/**
 * Keyed token buckets: each key may spend `capacity` at once and regains
 * `refillPerSecond`. Used for sign-in attempts per address and for messages per
 * user (WVOT-PO1010 §5.3.5, disruptive use). In memory, per node; the clock is
 * injected.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    private readonly now: () => number,
  ) {}

  /** Spends `cost` tokens; returns 0 when allowed, else the milliseconds until it would be. */
  take(key: string, cost = 1): number {
    const now = this.now();
    if (this.#buckets.size > 50_000) this.#sweep(now);
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = { tokens: this.capacity, at: now }));
    const tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    if (tokens >= cost) {
      b.tokens = tokens - cost;
      return 0;
    }
    b.tokens = tokens;
    return Math.ceil(((cost - tokens) / this.refillPerSecond) * 1000);
  }

  /** Drops buckets that are full again: they hold no information. */
  #sweep(now: number): void {
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSecond >= this.capacity) this.#buckets.delete(k);
    }
  }
}
