/** Pure rules of identity: §4.1's closed e-mail domains, and CSV cells that are safe to hand to a spreadsheet. */
import { AppError } from './errors.js';

/** Parses PARLEY_ALLOWED_EMAIL_DOMAINS ("wv.gov, wvdhhr.org") into lower-case domains; empty means no restriction. */
export function parseDomainList(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.split(',').map((d) => d.trim().toLowerCase().replace(/^\.+|\.+$/g, '')).filter((d) => d.length > 0);
}

/** A conservative address check: one @, a dotted domain of letters, digits and hyphens. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL.test(s);

/**
 * Whether an address is inside the allowed domains. A domain admits its
 * subdomains (wv.gov admits dhhr.wv.gov: the State controls both) but never a
 * look-alike suffix (evilwv.gov).
 */
export function emailDomainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const m = EMAIL.exec(email);
  if (!m) return false;
  const domain = m[1]!.toLowerCase();
  return allowed.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Throws email_domain_not_allowed when an address is given and lies outside the list. */
export function checkEmailDomain(email: string | null | undefined, allowed: readonly string[], field = 'email'): void {
  if (email === null || email === undefined || allowed.length === 0) return;
  if (!emailDomainAllowed(email, allowed)) {
    throw new AppError('email_domain_not_allowed', `${email.slice(0, 254)} is not in an allowed e-mail domain (§4.1: State identities only).`, { field, allowed });
  }
}

/**
 * Makes one CSV cell safe: a cell a spreadsheet would run as a formula
 * (= + - @, tab, carriage return) gets a leading apostrophe (OWASP's advice),
 * and the cell is quoted per RFC 4180 when it needs to be.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;
