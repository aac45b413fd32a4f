export type { BlobInput, BlobStore, StoredBlob } from './types.js';
export { BlobError, BlobNotFoundError, BlobTooLargeError, InvalidBlobIdError, type BlobErrorCode } from './errors.js';
export { LocalDiskBlobStore, type LocalDiskBlobStoreOptions } from './local-disk-blob-store.js';
export { CONTENT_TYPES, SNIFF_HEAD_BYTES, isExecutableContentType, sniffContentType, type SniffOptions } from './sniff.js';
