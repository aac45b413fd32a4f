import type { BusErrorHandler } from './errors.js';
import { InProcessBus } from './in-process-bus.js';
import { RedisBus } from './redis-bus.js';
import type { EventBus } from './types.js';

export interface BusConfig {
  /** When set, events cross nodes through Redis; otherwise they stay in this process. */
  readonly redisUrl?: string;
  /** Channel prefix on Redis; ignored by the in-process bus, which shares nothing. */
  readonly prefix?: string;
  readonly onError?: BusErrorHandler;
}

export function createBus(config: BusConfig = {}): EventBus {
  const { redisUrl, prefix, onError } = config;
  if (redisUrl !== undefined && redisUrl !== '') return new RedisBus({ redisUrl, prefix, onError });
  return new InProcessBus({ onError });
}
