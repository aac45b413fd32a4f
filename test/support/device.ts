/**
 * A device as a client holds it (§5.3.8): a key pair generated here, whose
 * private key signs each session's proof. Real keys and real signatures, as a
 * browser's WebCrypto would make them.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { proofText } from '../../src/auth/device-keys.js';

export class TestDevice {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #ed25519: boolean;
  /** SubjectPublicKeyInfo DER, base64url: what the server is sent. */
  readonly publicKey: string;

  constructor(kind: 'p256' | 'ed25519' = 'p256') {
    const pair = kind === 'p256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    this.#privateKey = pair.privateKey;
    this.#publicKey = pair.publicKey;
    this.#ed25519 = kind === 'ed25519';
    this.publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
  }

  /** The PEM of the public key, for issuing a certificate to this device. */
  publicKeyPem(): string {
    return this.#publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** The proof for a session: its CSRF token signed with this device's key. */
  prove(csrfToken: string): string {
    const data = Buffer.from(proofText(csrfToken), 'utf8');
    const sig = this.#ed25519 ? sign(null, data, this.#privateKey) : sign('sha256', data, { key: this.#privateKey, dsaEncoding: 'ieee-p1363' });
    return sig.toString('base64url');
  }

  /** The body of POST /api/v1/me/device for a session with this CSRF token. */
  enrollment(csrfToken: string, extra: { name?: string; certificate?: string } = {}): { publicKey: string; signature: string; name?: string; certificate?: string } {
    return { publicKey: this.publicKey, signature: this.prove(csrfToken), ...extra };
  }
}

/** One device per person, as if each person used one laptop throughout a test. */
export class DeviceRing {
  readonly #devices = new Map<string, TestDevice>();
  for(username: string): TestDevice {
    let d = this.#devices.get(username);
    if (!d) this.#devices.set(username, (d = new TestDevice()));
    return d;
  }
}
