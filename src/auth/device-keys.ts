/**
 * Device keys: a device proves it holds the private key of its public key by
 * signing its session's CSRF token (unique per session, so a proof cannot be
 * replayed into another session). Keys are ECDSA P-256 (what WebCrypto offers
 * every browser) or Ed25519; ECDSA signatures are IEEE P1363 (r || s), the
 * form WebCrypto produces.
 */
import { X509Certificate, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../domain/errors.js';

/** The text a device signs: a fixed label, then the session's CSRF token. */
export const proofText = (csrfToken: string): string => `parley-device-proof:v1\n${csrfToken}`;

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeB64url(text: string, field: string, maxBytes: number): Buffer {
  if (!B64URL.test(text)) throw new AppError('validation_failed', `${field} must be base64url.`, { field });
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length === 0 || bytes.length > maxBytes) throw new AppError('validation_failed', `${field} has the wrong length.`, { field });
  return bytes;
}

export interface DeviceKey {
  key: KeyObject;
  /** Canonical SPKI DER, base64url. */
  spki: string;
  fingerprint: string;
}

/** Parses a public key (SPKI DER, base64url); only P-256 and Ed25519 are accepted. */
export function parseDevicePublicKey(text: string): DeviceKey {
  const der = decodeB64url(text, 'publicKey', 512);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    throw new AppError('validation_failed', 'publicKey is not a SubjectPublicKeyInfo public key.', { field: 'publicKey' });
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (!(type === 'ed25519' || (type === 'ec' && curve === 'prime256v1'))) {
    throw new AppError('validation_failed', 'publicKey must be an ECDSA P-256 or Ed25519 key.', { field: 'publicKey' });
  }
  const canonical = key.export({ format: 'der', type: 'spki' });
  return { key, spki: canonical.toString('base64url'), fingerprint: createHash('sha256').update(canonical).digest('hex') };
}

/** Throws device_proof_invalid unless `signature` signs proofText(csrfToken) with the device's key. */
export function verifyDeviceProof(device: DeviceKey, csrfToken: string, signature: string): void {
  const sig = decodeB64url(signature, 'signature', 256);
  const data = Buffer.from(proofText(csrfToken), 'utf8');
  const ok = device.key.asymmetricKeyType === 'ed25519'
    ? verify(null, data, device.key, sig)
    : verify('sha256', data, { key: device.key, dsaEncoding: 'ieee-p1363' }, sig);
  if (!ok) throw new AppError('device_proof_invalid', 'The signature does not match the device key and this session.');
}

/** Parses a PEM certificate; throws validation_failed naming the field. */
export function parseCertificate(pem: string, field: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new AppError('validation_failed', `A certificate in ${field} is not a PEM X.509 certificate.`, { field });
  }
}

/**
 * Whether `certificatePem` was issued by one of `caPems` for the device's own
 * key and is valid at `now`. A certificate for another key, an expired one or
 * one from another issuer is simply not valid: the device then waits for a
 * person to approve it.
 */
export function certificateVouchesFor(certificatePem: string, caPems: readonly string[], device: DeviceKey, now: number): boolean {
  const cert = parseCertificate(certificatePem, 'certificate');
  if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) return false;
  const certKey = cert.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
  if (certKey !== device.spki) return false;
  return caPems.some((pem) => {
    const ca = parseCertificate(pem, 'caCertificates');
    return ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey);
  });
}
