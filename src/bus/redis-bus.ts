import { Redis } from 'ioredis';
import { assertChannel, assertText, encodeEvent } from './codec.js';
import { BusError, warnOnBusError, type BusErrorHandler } from './errors.js';
import { HandlerRegistry, type Subscription } from './handler-registry.js';
import type { BusEvent, EventBus, EventHandler, TextHandler, Unsubscribe } from './types.js';

export const DEFAULT_BUS_PREFIX = 'parley:';

export interface RedisBusOptions {
  readonly redisUrl: string;
  /** Prepended to every channel so deployments and test runs can share one Redis. */
  readonly prefix?: string;
  readonly onError?: BusErrorHandler;
  /** Base for CLIENT SETNAME (`<name>-pub`, `<name>-sub`), so operators can find the connections. */
  readonly connectionName?: string;
}

/**
 * The scale-out bus: one connection publishes, one connection holds every
 * SUBSCRIBE of this node, and local handlers hang off the shared
 * HandlerRegistry. Only the first handler on a channel costs a SUBSCRIBE and
 * only the last one to leave costs an UNSUBSCRIBE.
 */
export class RedisBus implements EventBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #registry: HandlerRegistry;
  /** Per channel, the SUBSCRIBE that made it live; later joiners wait on the same one. */
  readonly #live = new Map<string, Promise<void>>();
  #closed = false;

  constructor(options: RedisBusOptions) {
    this.#prefix = options.prefix ?? DEFAULT_BUS_PREFIX;
    this.#registry = new HandlerRegistry(options.onError ?? warnOnBusError);
    const name = options.connectionName;
    this.#pub = new Redis(options.redisUrl, { connectionName: name && `${name}-pub` });
    this.#sub = new Redis(options.redisUrl, {
      connectionName: name && `${name}-sub`,
      // The registry, not ioredis's record of replies, is the truth about which
      // channels this node needs (see #resubscribe).
      autoResubscribe: false,
      // ioredis lets SUBSCRIBE through while its INFO ready check is in flight;
      // if the SUBSCRIBE lands first, Redis refuses the INFO in subscriber mode
      // and ioredis drops the connection, losing the subscription. The check
      // only guards against LOADING, which SUBSCRIBE is allowed during anyway.
      enableReadyCheck: false,
      // Likewise CLIENT SETINFO is sent after an async lookup and would be
      // refused if a SUBSCRIBE overtook it; it is only cosmetic.
      disableClientInfo: true,
    });
    for (const connection of [this.#pub, this.#sub]) {
      // Without a listener ioredis prints these itself; with one they reach the sink.
      connection.on('error', (error: unknown) => this.#reportConnection('the Redis connection failed', error));
    }
    this.#sub.on('message', (key: string, payload: string) => {
      if (key.startsWith(this.#prefix)) this.#registry.dispatch(key.slice(this.#prefix.length), payload);
    });
    this.#sub.on('ready', () => this.#resubscribe());
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    await this.#publish(channel, encodeEvent(channel, event));
  }

  async publishText(channel: string, text: string): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    assertText(channel, text);
    await this.#publish(channel, text);
  }

  async #publish(channel: string, payload: string): Promise<void> {
    try {
      await this.#pub.publish(this.#prefix + channel, payload);
    } catch (cause) {
      throw new BusError('bus.connection', `publish on ${channel} failed`, { channel }, { cause });
    }
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
    const { entry, first } = this.#registry.add(channel, handler, text);
    if (first) {
      this.#live.set(channel, this.#sub.subscribe(this.#prefix + channel).then(() => undefined));
    }
    try {
      await this.#live.get(channel);
    } catch (cause) {
      await this.#remove(channel, entry);
      throw new BusError('bus.connection', `subscribe to ${channel} failed`, { channel }, { cause });
    }
    let removal: Promise<void> | undefined;
    return () => (removal ??= this.#remove(channel, entry));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#registry.clear();
    this.#live.clear();
    await Promise.all([quit(this.#pub), quit(this.#sub)]);
  }

  /**
   * Local removal is immediate, so the handler gets nothing more even if the
   * UNSUBSCRIBE fails; such a failure only leaves a Redis-side subscription
   * that the next reconnect drops, so it is reported rather than thrown.
   */
  async #remove(channel: string, entry: Subscription): Promise<void> {
    const { last } = this.#registry.remove(channel, entry);
    if (!last || this.#closed) return;
    this.#live.delete(channel);
    try {
      await this.#sub.unsubscribe(this.#prefix + channel);
    } catch (error) {
      this.#reportConnection(`unsubscribe from ${channel} failed`, error, channel);
    }
  }

  /**
   * Runs on every 'ready', including the first. ioredis emits 'ready' before it
   * replays commands that were in flight or queued while offline, so those
   * replays (issued later, in order) still win for their channels, and every
   * other channel ends up subscribed exactly when the registry says so.
   * Redis treats a repeated SUBSCRIBE as a no-op, so overlap is harmless.
   */
  #resubscribe(): void {
    const keys = this.#registry.channels().map((channel) => this.#prefix + channel);
    if (keys.length === 0 || this.#closed) return;
    this.#sub.subscribe(...keys).catch((error: unknown) => this.#reportConnection('resubscribe failed', error));
  }

  #reportConnection(message: string, cause: unknown, channel?: string): void {
    this.#registry.report(new BusError('bus.connection', message, channel === undefined ? {} : { channel }, { cause }));
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusError('bus.closed', 'the bus is closed');
  }
}

/** QUIT lets pending replies arrive; if the link is already gone, just drop it. */
async function quit(connection: Redis): Promise<void> {
  // QUIT on a connection that is not up would wait for a reconnect that may never come.
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    // A closing bus has nobody left to tell; the socket is released either way.
    connection.disconnect();
  }
}
