// One encoding for both bus implementations, so an event that the in-process
// bus accepts is exactly an event that survives Redis.
import { BusError } from './errors.js';
import type { BusEvent, JsonValue } from './types.js';

export function assertChannel(channel: unknown): asserts channel is string {
  if (typeof channel !== 'string' || channel.length === 0) {
    throw new BusError('bus.invalid_channel', 'channel must be a non-empty string');
  }
}

export function assertText(channel: string, text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new BusError('bus.invalid_event', `cannot publish on ${channel}: text channels carry strings`, { channel });
}

/**
 * Serializes an event, refusing anything JSON would silently change:
 * `undefined` members vanish, `NaN` becomes null, a Date becomes a string, a
 * Map becomes `{}`. Failing at publish time keeps that surprise on the
 * publisher's stack instead of in a subscriber on another node.
 */
export function encodeEvent(channel: string, event: BusEvent): string {
  const problem = isEventShaped(event) && isPlainJson(event, 0) ? null : describeEventProblem(event);
  if (problem !== null) {
    throw new BusError('bus.invalid_event', `cannot publish on ${channel}: ${problem}`, { channel });
  }
  return JSON.stringify(event);
}

/** Parses a payload into a deep-frozen event, or throws `bus.malformed_event`. */
export function decodeEvent(channel: string, payload: string): BusEvent {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (cause) {
    throw new BusError('bus.malformed_event', `payload on ${channel} is not JSON`, { channel }, { cause });
  }
  if (!isEventShaped(value)) {
    throw new BusError('bus.malformed_event', `payload on ${channel} is not an object with a string "type"`, {
      channel,
    });
  }
  return deepFreeze(value);
}

function isEventShaped(value: unknown): value is BusEvent {
  return isPlainObject(value) && typeof value['type'] === 'string' && value['type'].length > 0;
}

function describeEventProblem(event: unknown): string | null {
  if (!isEventShaped(event)) return 'an event is a plain object with a non-empty string "type"';
  return describeJsonProblem(event, '$', new Set());
}

/**
 * The common case, answered without building paths: true if the value is
 * plain JSON. False may also mean "too deep to tell cheaply" (a cycle looks
 * like that); describeJsonProblem then gives the exact answer.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > MAX_FAST_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!isPlainJson(value[key], depth + 1)) return false;
  return true;
}
const MAX_FAST_DEPTH = 64;

function describeJsonProblem(value: unknown, path: string, ancestors: Set<object>): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is not a finite number`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, not JSON`;
  if (ancestors.has(value)) return `${path} is a circular reference`;
  let entries: [string, unknown][];
  if (Array.isArray(value)) entries = value.map((item, i) => [`${path}[${i}]`, item]);
  else if (isPlainObject(value)) entries = Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
  else return `${path} is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object`;
  ancestors.add(value);
  for (const [childPath, child] of entries) {
    const problem = describeJsonProblem(child, childPath, ancestors);
    if (problem !== null) return problem;
  }
  ancestors.delete(value);
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function deepFreeze<T extends JsonValue | BusEvent>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child as JsonValue);
    Object.freeze(value);
  }
  return value;
}
