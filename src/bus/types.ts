/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What travels on the bus: a plain JSON object whose `type` names the event
 * (`"message.created"`, `"case.opened"`, ...), dot-separated like the wire
 * frames. It must be JSON because the Redis bus crosses process boundaries; the
 * in-process bus enforces the same rule so code that works on one node does not
 * break when the deployment scales out. Subscribers receive a deep-frozen copy.
 */
export type BusEvent = { readonly type: string } & { readonly [key: string]: JsonValue };

export type EventHandler = (event: BusEvent) => void;

/** Receives a text channel's payload exactly as it was published. */
export type TextHandler = (text: string) => void;

/** Removes one subscription. Idempotent; resolves once the bus has dropped it. */
export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  /**
   * Fans the event out to every live subscription on `channel`, at most once
   * each. Resolves when the bus has accepted the event, not when handlers ran.
   */
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Resolves once the subscription is live: events published after that reach it. */
  subscribe(channel: string, handler: EventHandler): Promise<Unsubscribe>;
  /**
   * A text channel: the bus carries the text as it is, without encoding,
   * checking or parsing it, so its subscribers own its format and must check
   * what they read. For a hot path whose payload is mostly text already made
   * (a delivery's JSON); a channel is used either for events or for text.
   */
  publishText(channel: string, text: string): Promise<void>;
  subscribeText(channel: string, handler: TextHandler): Promise<Unsubscribe>;
  /** Stops delivery and releases connections. Idempotent. */
  close(): Promise<void>;
}
