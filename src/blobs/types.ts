/** Bytes to store: a Node readable (an HTTP request body) or any async source of chunks. */
export type BlobInput = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface StoredBlob {
  /** Lowercase hex SHA-256 of the content; also its id. */
  readonly sha256: string;
  readonly size: number;
  /** Sniffed from the first bytes (see sniff.ts); never taken from the uploader. */
  readonly contentType: string;
  /** False when identical content was already stored and this upload was deduplicated. */
  readonly created: boolean;
}

export interface BlobStore {
  /** Streams the input in, rejecting with BlobTooLargeError as soon as it crosses maxBytes. */
  put(input: BlobInput, options: { readonly maxBytes: number }): Promise<StoredBlob>;
  /** Rejects with BlobNotFoundError when absent, InvalidBlobIdError for a malformed id. */
  open(sha256: string): Promise<NodeJS.ReadableStream>;
  stat(sha256: string): Promise<{ readonly size: number } | null>;
  /** Idempotent: deleting an absent blob succeeds. */
  delete(sha256: string): Promise<void>;
}
