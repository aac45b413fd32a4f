/**
 * Stable machine codes for everything the bus can report. Callers and the
 * `onError` sink switch on `code`, never on the message text.
 */
export type BusErrorCode =
  | 'bus.invalid_channel' // empty or non-string channel name
  | 'bus.invalid_event' // publish() got something that is not a JSON event
  | 'bus.malformed_event' // a payload from Redis did not decode; it was dropped
  | 'bus.handler_failed' // a subscriber threw or rejected; other subscribers were unaffected
  | 'bus.connection' // the Redis connection reported an error or a resubscribe failed
  | 'bus.closed'; // the bus was used after close()

export interface BusErrorData {
  readonly channel?: string;
}

export class BusError extends Error {
  override readonly name = 'BusError';
  readonly code: BusErrorCode;
  readonly data: BusErrorData;

  constructor(code: BusErrorCode, message: string, data: BusErrorData = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.data = Object.freeze({ ...data });
  }
}

/**
 * Receives the failures that have no caller to reject: handler exceptions,
 * undecodable payloads, connection trouble. It must not throw.
 */
export type BusErrorHandler = (error: BusError) => void;

/**
 * Used when no sink is injected: a process warning is visible in logs and
 * cannot crash delivery, unlike rethrowing from inside a Redis callback.
 */
export const warnOnBusError: BusErrorHandler = (error) => {
  process.emitWarning(error);
};
