/** Stable machine codes; the transport maps them to statuses (413, 404, 400). */
export type BlobErrorCode = 'blob.too_large' | 'blob.not_found' | 'blob.invalid_id';

export class BlobError extends Error {
  readonly code: BlobErrorCode;
  readonly data: Readonly<Record<string, string | number>>;

  constructor(code: BlobErrorCode, message: string, data: Record<string, string | number>) {
    super(message);
    this.code = code;
    this.data = Object.freeze({ ...data });
  }
}

/** The upload crossed `limit` bytes and was abandoned at that point. */
export class BlobTooLargeError extends BlobError {
  override readonly name = 'BlobTooLargeError';
  readonly limit: number;

  constructor(limit: number) {
    super('blob.too_large', `the upload exceeds the limit of ${limit} bytes`, { limit });
    this.limit = limit;
  }
}

export class BlobNotFoundError extends BlobError {
  override readonly name = 'BlobNotFoundError';

  constructor(sha256: string) {
    super('blob.not_found', `no blob ${sha256}`, { sha256 });
  }
}

/** The id is not 64 lowercase hex digits; it never reaches the file system. */
export class InvalidBlobIdError extends BlobError {
  override readonly name = 'InvalidBlobIdError';

  constructor() {
    // The offending value is left out on purpose: it is attacker-controlled text.
    super('blob.invalid_id', 'a blob id is a SHA-256 digest: 64 lowercase hex digits', {});
  }
}
