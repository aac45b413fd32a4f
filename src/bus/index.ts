export type { BusEvent, EventBus, EventHandler, JsonValue, TextHandler, Unsubscribe } from './types.js';
export { BusError, type BusErrorCode, type BusErrorData, type BusErrorHandler } from './errors.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { RedisBus, DEFAULT_BUS_PREFIX, type RedisBusOptions } from './redis-bus.js';
export { createBus, type BusConfig } from './create-bus.js';
