/**
 * Authorized devices (WVOT-PO1010 §5.3.8). Every session is bound to a device:
 * a browser or app instance holding a key pair it generated itself. A device is
 * pending until it is approved, by a security administrator or by its agency's
 * enrollment policy; a revoked device never signs in again. Pure rules only.
 */
import { isIP } from 'node:net';
import { AppError } from './errors.js';

export const DEVICE_STATUSES = ['pending', 'approved', 'revoked'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** How a device came to be approved (or that it still waits: 'approval'). */
export type EnrollmentMethod = 'approval' | 'network' | 'certificate' | 'open' | 'bootstrap' | 'administrator';

export interface Device {
  id: string;
  userId: string;
  /** The owner's agency when the device enrolled: who may approve it. */
  agencyId: string | null;
  /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo. */
  fingerprint: string;
  /** The public key, SubjectPublicKeyInfo DER in base64url. */
  publicKey: string;
  name: string;
  userAgent: string | null;
  status: DeviceStatus;
  method: EnrollmentMethod;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Most recent first, distinct, at most MAX_DEVICE_ADDRESSES. */
  addresses: string[];
  decidedBy: string | null;
  decidedAt: number | null;
  revokedReason: string | null;
}

export const MAX_DEVICE_ADDRESSES = 8;

/** Adds an address to the front of a device's list, keeping it short and distinct. */
export function withAddress(addresses: readonly string[], ip: string | null): string[] {
  if (!ip) return [...addresses];
  return [ip, ...addresses.filter((a) => a !== ip)].slice(0, MAX_DEVICE_ADDRESSES);
}

/**
 * An agency's enrollment policy. `approval` (the default): a security
 * administrator approves each new device, unless it enrolls from one of
 * `networks` or presents a certificate issued by one of `caCertificates`.
 * `open`: every device is approved at enrollment (it is still recorded and
 * may be revoked).
 */
export interface EnrollmentPolicy {
  mode: 'approval' | 'open';
  /** CIDR blocks, e.g. 10.20.0.0/16 or 2001:db8::/32. */
  networks: string[];
  /** PEM certificates of State certificate authorities. */
  caCertificates: string[];
}

export const DEFAULT_ENROLLMENT: EnrollmentPolicy = Object.freeze({ mode: 'approval', networks: [], caCertificates: [] }) as EnrollmentPolicy;
export const MAX_NETWORKS = 64;
export const MAX_CA_CERTIFICATES = 8;

export interface Cidr {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** Parses "a.b.c.d/n" or "x::y/n"; throws validation_failed naming the entry. */
export function parseCidr(text: string, field = 'networks'): Cidr {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  const family = m ? isIP(m[1]!) : 0;
  const prefix = m ? Number(m[2]) : -1;
  if (!m || family === 0 || prefix > (family === 4 ? 32 : 128)) {
    throw new AppError('validation_failed', `"${text.slice(0, 64)}" is not a CIDR block such as 10.0.0.0/8 or 2001:db8::/32.`, { field });
  }
  return { family: family === 4 ? 'ipv4' : 'ipv6', address: m[1]!, prefix };
}

/**
 * An IPv4 address the socket layer reports as IPv4-mapped IPv6
 * ("::ffff:10.1.2.3") is matched as the IPv4 address it is.
 */
export function plainAddress(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const family = isIP(address);
  return family === 0 ? null : { address, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether the device may be approved without a person, and how. */
export type AutoApproval = { approved: true; method: Exclude<EnrollmentMethod, 'approval' | 'administrator'> } | { approved: false };

export interface EnrollmentFacts {
  policy: EnrollmentPolicy;
  /** The address matched one of the policy's networks. */
  onListedNetwork: boolean;
  /** The device presented a valid certificate from one of the policy's CAs for its own key. */
  certificateValid: boolean;
  /** No approved device belongs to anyone who could approve one: the first system administrator's. */
  bootstrap: boolean;
}

/** Decides a new device's first state. */
export function decideEnrollment(f: EnrollmentFacts): AutoApproval {
  if (f.bootstrap) return { approved: true, method: 'bootstrap' };
  if (f.policy.mode === 'open') return { approved: true, method: 'open' };
  if (f.certificateValid) return { approved: true, method: 'certificate' };
  if (f.onListedNetwork) return { approved: true, method: 'network' };
  return { approved: false };
}
