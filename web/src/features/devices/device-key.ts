/**
 * This browser's device key (§5.3.8): an ECDSA P-256 key pair made by
 * WebCrypto with a non-extractable private key, kept in IndexedDB. The private
 * key never leaves the browser; the server sees the public key and, per
 * session, a signature over that session's CSRF token.
 */
const DB = 'parley-device';
const STORE = 'keys';
const KEY = 'device';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export class DeviceKeyUnavailable extends Error {}

function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') throw new DeviceKeyUnavailable('This browser cannot store a device key (no IndexedDB).');
  const req = indexedDB.open(DB, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return requestResult(req);
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await requestResult(fn(db.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    db.close();
  }
}

function subtle(): SubtleCrypto {
  // WebCrypto exists only in secure contexts: HTTPS, or localhost.
  if (!globalThis.crypto?.subtle) throw new DeviceKeyUnavailable('Parley must be opened over HTTPS so this browser can hold a device key.');
  return globalThis.crypto.subtle;
}

const base64url = (bytes: ArrayBuffer): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** This browser's key pair, made on first use. */
export async function deviceKey(): Promise<CryptoKeyPair> {
  const stored = await withStore<CryptoKeyPair | undefined>('readonly', (s) => s.get(KEY) as IDBRequest<CryptoKeyPair | undefined>);
  if (stored) return stored;
  const pair = await subtle().generateKey(ALGORITHM, false, ['sign', 'verify']);
  await withStore('readwrite', (s) => s.put(pair, KEY));
  return pair;
}

/** Forgets the key (after the server revoked it): the next sign-in enrolls a new device. */
export async function forgetDeviceKey(): Promise<void> {
  await withStore('readwrite', (s) => s.delete(KEY));
}

/** The body of POST /api/v1/me/device for a session with this CSRF token. */
export async function deviceProof(csrfToken: string): Promise<{ publicKey: string; signature: string }> {
  const pair = await deviceKey();
  const spki = await subtle().exportKey('spki', pair.publicKey);
  const data = new TextEncoder().encode(`parley-device-proof:v1\n${csrfToken}`);
  // WebCrypto's ECDSA signature is r || s (IEEE P1363), the form the server expects.
  const signature = await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, data);
  return { publicKey: base64url(spki), signature: base64url(signature) };
}

/** The short form of a fingerprint the console shows too, so a person can read it to an administrator. */
export const shortFingerprint = (fingerprint: string): string =>
  (fingerprint.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');
