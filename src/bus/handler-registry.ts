// The local half of every bus: which handlers listen on which channel, and the
// isolated delivery loop. Both implementations share it so that fan-out, error
// isolation and unsubscribe semantics cannot drift apart.
import { decodeEvent } from './codec.js';
import { BusError, type BusErrorHandler } from './errors.js';
import type { BusEvent, EventHandler, TextHandler } from './types.js';

/** One call to subscribe(). The same function subscribed twice is two entries. */
export interface Subscription {
  readonly handler: EventHandler | TextHandler;
  /** A text channel's subscription gets the payload as published, undecoded. */
  readonly text: boolean;
}

export class HandlerRegistry {
  readonly #byChannel = new Map<string, Set<Subscription>>();
  readonly #onError: BusErrorHandler;

  constructor(onError: BusErrorHandler) {
    this.#onError = onError;
  }

  /** `first` is true when the channel had no handlers before: time to SUBSCRIBE. */
  add(channel: string, handler: EventHandler | TextHandler, text = false): { entry: Subscription; first: boolean } {
    let entries = this.#byChannel.get(channel);
    const first = entries === undefined;
    if (entries === undefined) {
      entries = new Set();
      this.#byChannel.set(channel, entries);
    } else {
      for (const other of entries) {
        if (other.text !== text) throw new BusError('bus.invalid_channel', `${channel} carries ${other.text ? 'text' : 'events'}, not ${text ? 'text' : 'events'}`, { channel });
        break;
      }
    }
    const entry: Subscription = { handler, text };
    entries.add(entry);
    return { entry, first };
  }

  /** `last` is true when this removal left the channel empty: time to UNSUBSCRIBE. */
  remove(channel: string, entry: Subscription): { last: boolean } {
    const entries = this.#byChannel.get(channel);
    if (entries === undefined || !entries.delete(entry)) return { last: false };
    if (entries.size > 0) return { last: false };
    this.#byChannel.delete(channel);
    return { last: true };
  }

  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  clear(): void {
    this.#byChannel.clear();
  }

  /**
   * Decodes once and calls each handler that is subscribed when its turn comes.
   * The recipient list is snapshotted first so that a subscription created by a
   * handler does not receive an event published before it was live, and
   * membership is rechecked so that a handler unsubscribed by an earlier one
   * gets nothing more. Nothing here throws: failures go to onError.
   */
  dispatch(channel: string, payload: string): void {
    const entries = this.#byChannel.get(channel);
    if (entries === undefined) return;
    // A channel's subscriptions are all of one kind (add() sees to it): text is handed on as it is.
    let event: string | BusEvent = payload;
    if (!(entries.values().next().value as Subscription).text) {
      try {
        event = decodeEvent(channel, payload);
      } catch (error) {
        this.report(error instanceof BusError ? error : wrapHandlerError(channel, error));
        return;
      }
    }
    for (const entry of [...entries]) {
      if (!entries.has(entry)) continue;
      try {
        // Handlers are typed as returning void, but an async function is
        // assignable to that type; its rejection must not go unhandled.
        const result: unknown = (entry.handler as (e: string | BusEvent) => unknown)(event);
        if (isPromiseLike(result)) {
          result.then(undefined, (error: unknown) => this.report(wrapHandlerError(channel, error)));
        }
      } catch (error) {
        this.report(wrapHandlerError(channel, error));
      }
    }
  }

  /** Hands an error to the sink; a sink that throws must not break delivery either. */
  report(error: BusError): void {
    try {
      this.#onError(error);
    } catch (sinkError) {
      process.emitWarning(new BusError('bus.handler_failed', 'the bus onError sink threw', error.data, { cause: sinkError }));
    }
  }
}

function wrapHandlerError(channel: string, cause: unknown): BusError {
  return new BusError('bus.handler_failed', `a handler on ${channel} failed`, { channel }, { cause });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
