/**
 * Record ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp then
 * 74 random bits. Ids made close in time sort close together, so inserting
 * them touches the right-most pages of an index instead of a random page each:
 * a group commit of 30 messages writes a few pages to the log instead of about
 * a hundred, which is most of the cost of its fsync (bench/RESULTS.md). Ids are
 * names, never secrets: session tokens come from auth/tokens.ts.
 */
import { randomUUID } from 'node:crypto';

/** A new UUIDv7 for the time `now` (epoch ms; the wall clock by default). */
export function newId(now: number = Date.now()): string {
  // The random UUIDv4 supplies the random bits and the variant; its first 48 bits
  // become the timestamp and its version nibble (character 14) becomes 7.
  const random = randomUUID();
  const ms = Math.max(0, Math.min(now, 0xffff_ffff_ffff)).toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${random.slice(15)}`;
}
