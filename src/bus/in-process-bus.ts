import { assertChannel, assertText, encodeEvent } from './codec.js';
import { BusError, warnOnBusError, type BusErrorHandler } from './errors.js';
import { HandlerRegistry } from './handler-registry.js';
import type { BusEvent, EventBus, EventHandler, TextHandler, Unsubscribe } from './types.js';

export interface InProcessBusOptions {
  readonly onError?: BusErrorHandler;
}

/**
 * The single-node bus. Events still go through JSON (see codec.ts) and are
 * delivered on a later microtask, never on the publisher's stack: an action
 * that publishes after its commit must not run, or be broken by, subscriber
 * code, and it must behave the same when the deployment switches to Redis.
 */
export class InProcessBus implements EventBus {
  readonly #registry: HandlerRegistry;
  #closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.#registry = new HandlerRegistry(options.onError ?? warnOnBusError);
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    const payload = encodeEvent(channel, event);
    // queueMicrotask is FIFO, which is what keeps per-channel order.
    queueMicrotask(() => {
      if (!this.#closed) this.#registry.dispatch(channel, payload);
    });
  }

  async publishText(channel: string, text: string): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    assertText(channel, text);
    queueMicrotask(() => {
      if (!this.#closed) this.#registry.dispatch(channel, text);
    });
  }

  subscribe(channel: string, handler: EventHandler): Promise<Unsubscribe> {
    return this.#subscribe(channel, handler, false);
  }

  subscribeText(channel: string, handler: TextHandler): Promise<Unsubscribe> {
    return this.#subscribe(channel, handler, true);
  }

  async #subscribe(channel: string, handler: EventHandler | TextHandler, text: boolean): Promise<Unsubscribe> {
    this.#assertOpen();
    assertChannel(channel);
    const { entry } = this.#registry.add(channel, handler, text);
    return async () => {
      this.#registry.remove(channel, entry);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#registry.clear();
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusError('bus.closed', 'the bus is closed');
  }
}
