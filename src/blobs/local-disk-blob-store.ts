import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BlobNotFoundError, BlobTooLargeError, InvalidBlobIdError } from './errors.js';
import { SNIFF_HEAD_BYTES, sniffContentType } from './sniff.js';
import type { BlobInput, BlobStore, StoredBlob } from './types.js';

/** Uploads in progress live here, inside the root so the final link stays on one file system. */
const INCOMING_DIR = '.incoming';
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface LocalDiskBlobStoreOptions {
  /** Clock for removeStaleUploads; injected so tests need not wait. */
  readonly now?: () => number;
}

/**
 * Content-addressed files under `root/ab/cd/<sha256>`. A blob appears under
 * its name only once complete and synced, so a reader never sees a partial
 * file and a crash leaves at worst an orphan in `.incoming/`.
 */
export class LocalDiskBlobStore implements BlobStore {
  readonly #root: string;
  readonly #now: () => number;

  constructor(rootDir: string, options: LocalDiskBlobStoreOptions = {}) {
    this.#root = resolve(rootDir);
    this.#now = options.now ?? Date.now;
  }

  async put(input: BlobInput, options: { readonly maxBytes: number }): Promise<StoredBlob> {
    const { maxBytes } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    const stopGuarding = guardStreamErrors(input);
    const incoming = join(this.#root, INCOMING_DIR);
    let file: FileHandle;
    const tempPath = join(incoming, `${randomUUID()}.part`);
    try {
      await mkdir(incoming, { recursive: true });
      file = await open(tempPath, 'wx');
    } catch (error) {
      stopGuarding();
      throw error;
    }
    let fileOpen = true;
    try {
      const { sha256, size, head } = await copyWithLimit(input, file, maxBytes);
      const contentType = sniffContentType(head, { complete: size === head.length });
      // fsync before the file becomes visible under its name: a blob id that the
      // database records must not point at bytes still in the page cache.
      await file.sync();
      await file.close();
      fileOpen = false;
      const created = await this.#publish(tempPath, sha256);
      return { sha256, size, contentType, created };
    } finally {
      // On success this removes the temp name (the content lives on under its
      // hash); on failure it removes the partial upload.
      stopGuarding();
      if (fileOpen) await file.close();
      await rm(tempPath, { force: true });
    }
  }

  async open(sha256: string): Promise<NodeJS.ReadableStream> {
    const path = this.#pathOf(sha256);
    let file: FileHandle;
    try {
      // Opening first, instead of stat-then-stream, means "absent" is decided
      // here and not as a later stream error that callers might not expect.
      file = await open(path, 'r');
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new BlobNotFoundError(sha256);
      throw error;
    }
    return file.createReadStream();
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    const path = this.#pathOf(sha256);
    try {
      return { size: (await stat(path)).size };
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    // Empty shard directories are left in place: removing them would race with
    // a put() that has just created them and is about to link into them.
    await rm(this.#pathOf(sha256), { force: true });
  }

  /**
   * Removes upload files older than `olderThanMs`, which only a crash leaves
   * behind (every put cleans up after itself). Choose an age longer than any
   * upload can take. Returns how many were removed.
   */
  async removeStaleUploads(olderThanMs: number): Promise<number> {
    const incoming = join(this.#root, INCOMING_DIR);
    let names: string[];
    try {
      names = await readdir(incoming);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return 0;
      throw error;
    }
    const cutoff = this.#now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const path = join(incoming, name);
      const info = await stat(path).catch((error: unknown) => (isCode(error, 'ENOENT') ? null : Promise.reject(error)));
      if (info === null || info.mtimeMs >= cutoff) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * link() instead of rename(): it fails with EEXIST rather than replacing, so
   * "already stored" is decided atomically even when identical uploads race.
   */
  async #publish(tempPath: string, sha256: string): Promise<boolean> {
    const finalPath = this.#pathOf(sha256);
    await mkdir(dirname(finalPath), { recursive: true });
    try {
      await link(tempPath, finalPath);
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    }
    await syncDirectory(dirname(finalPath));
    return true;
  }

  /** The only way from an id to a path; the strict pattern rules out traversal. */
  #pathOf(sha256: string): string {
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) throw new InvalidBlobIdError();
    return join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/**
 * Hashes and writes chunk by chunk, keeping the first bytes for sniffing.
 * Throwing out of `for await` calls the source's return(), which destroys a
 * Node stream: nothing past the chunk that crossed the limit is pulled.
 */
async function copyWithLimit(
  input: BlobInput,
  file: FileHandle,
  maxBytes: number,
): Promise<{ sha256: string; size: number; head: Uint8Array }> {
  const hash = createHash('sha256');
  const head = new Uint8Array(SNIFF_HEAD_BYTES);
  let headLength = 0;
  let size = 0;
  for await (const chunk of input as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('blob input must yield bytes (Uint8Array or Buffer), not strings or objects');
    }
    size += chunk.byteLength;
    if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
    hash.update(chunk);
    if (headLength < head.length) {
      const take = chunk.subarray(0, head.length - headLength);
      head.set(take, headLength);
      headLength += take.length;
    }
    for (let offset = 0; offset < chunk.byteLength; ) {
      offset += (await file.write(chunk, offset)).bytesWritten;
    }
  }
  return { sha256: hash.digest('hex'), size, head: head.subarray(0, headLength) };
}

/**
 * A stream that fails while put() is still creating its temp file would emit
 * 'error' before the copy loop listens, and an unheard 'error' crashes the
 * process. This listener only keeps the process alive: the stream is then
 * errored, so the copy loop's iteration rethrows the same error to the caller.
 */
function guardStreamErrors(input: BlobInput): () => void {
  if (!('on' in input) || typeof input.on !== 'function') return () => {};
  const ignore = (): void => {};
  input.on('error', ignore);
  return () => input.removeListener('error', ignore);
}

/** Makes the new directory entry itself durable, not just the file's bytes. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
