/** Session tokens: opaque random secrets, stored only as their SHA-256. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newSessionToken = (): string => `prl_${randomBytes(32).toString('base64url')}`;
export const newCsrfToken = (): string => randomBytes(24).toString('base64url');
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Only well-formed tokens reach the database. */
export const looksLikeSessionToken = (s: string): boolean => /^prl_[A-Za-z0-9_-]{43}$/.test(s);

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
