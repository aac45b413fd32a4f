import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { BlobNotFoundError, BlobTooLargeError, InvalidBlobIdError } from './errors.js';
import { LocalDiskBlobStore } from './local-disk-blob-store.js';
import { CONTENT_TYPES } from './sniff.js';

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

/** An endless source that records how far it was pulled and whether it was shut down. */
function endlessSource(chunkSize: number) {
  const state = { pulled: 0, finalized: false };
  async function* generate(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        state.pulled++;
        yield Buffer.alloc(chunkSize, 0x61);
      }
    } finally {
      state.finalized = true;
    }
  }
  return { state, source: generate() };
}

describe('LocalDiskBlobStore', () => {
  let base: string;
  let root: string;
  let store: LocalDiskBlobStore;
  let clock: number;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'parley-blobs-'));
  });
  after(() => rm(base, { recursive: true, force: true }));
  beforeEach(async () => {
    root = await mkdtemp(join(base, 'store-'));
    clock = Date.UTC(2026, 0, 1);
    store = new LocalDiskBlobStore(root, { now: () => clock });
  });

  /** Every put must leave .incoming empty, whatever happened. */
  const leftoverUploads = async (): Promise<string[]> => readdir(join(root, '.incoming')).catch(() => []);

  it('stores content under its SHA-256, sharded, and reads it back', async () => {
    const blob = await store.put(chunks(PNG, 'rest of the image'), { maxBytes: 1024 });
    const content = Buffer.concat([PNG, Buffer.from('rest of the image')]);
    assert.deepEqual(blob, { sha256: sha256(content), size: content.length, contentType: CONTENT_TYPES.png, created: true });
    const path = join(root, blob.sha256.slice(0, 2), blob.sha256.slice(2, 4), blob.sha256);
    assert.deepEqual(await readFile(path), content);
    assert.deepEqual(await buffer(await store.open(blob.sha256)), content);
    assert.deepEqual(await store.stat(blob.sha256), { size: content.length });
    assert.deepEqual(await leftoverUploads(), []);
  });

  it('accepts a Node readable stream', async () => {
    const blob = await store.put(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]), { maxBytes: 100 });
    assert.equal(blob.contentType, CONTENT_TYPES.csv);
    assert.equal(await text(await store.open(blob.sha256)), 'a,b\n1,2\n');
  });

  it('sniffs from a head assembled across many small chunks, not just the first', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    const blob = await store.put(chunks(...[...svg].map((c) => Buffer.from(c))), { maxBytes: 1000 });
    assert.equal(blob.contentType, CONTENT_TYPES.svg);
  });

  it('treats a file longer than the sniff window as cut off, not whole', async () => {
    // 8 KiB of CSV whose last line is cut by the window: still CSV.
    const row = 'x,y,z\n';
    const csv = row.repeat(Math.ceil(9000 / row.length));
    assert.equal((await store.put(chunks(csv), { maxBytes: 20_000 })).contentType, CONTENT_TYPES.csv);
  });

  it('deduplicates identical content', async () => {
    const first = await store.put(chunks('same bytes'), { maxBytes: 100 });
    const second = await store.put(chunks('same', ' bytes'), { maxBytes: 100 });
    assert.equal(first.created, true);
    assert.deepEqual(second, { ...first, created: false });
    const shard = join(root, first.sha256.slice(0, 2), first.sha256.slice(2, 4));
    assert.deepEqual(await readdir(shard), [first.sha256]);
    assert.deepEqual(await leftoverUploads(), []);
  });

  it('deduplicates concurrent identical uploads: exactly one creates', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.put(chunks('racing'), { maxBytes: 100 })));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(await text(await store.open(sha256('racing'))), 'racing');
  });

  describe('size limit', () => {
    it('accepts content exactly at the limit and one byte under it', async () => {
      assert.equal((await store.put(chunks('12345', '67890'), { maxBytes: 10 })).size, 10);
      assert.equal((await store.put(chunks('123456789'), { maxBytes: 10 })).size, 9);
    });

    it('rejects content one byte over the limit with BlobTooLargeError, storing nothing', async () => {
      const error = await store.put(chunks('12345', '678901'), { maxBytes: 10 }).catch((e: unknown) => e);
      assert.ok(error instanceof BlobTooLargeError);
      assert.equal(error.limit, 10);
      assert.equal(error.code, 'blob.too_large');
      assert.equal(await store.stat(sha256('12345678901')), null);
      assert.deepEqual(await leftoverUploads(), []);
    });

    it('stops pulling from the source at the chunk that crosses the limit', async () => {
      const { state, source } = endlessSource(10);
      await assert.rejects(store.put(source, { maxBytes: 25 }), BlobTooLargeError);
      assert.equal(state.pulled, 3);
      assert.equal(state.finalized, true);
      assert.deepEqual(await leftoverUploads(), []);
    });

    it('destroys a Node stream that crosses the limit instead of draining it', async () => {
      const { state, source } = endlessSource(1024);
      const stream = Readable.from(source, { highWaterMark: 1 });
      await assert.rejects(store.put(stream, { maxBytes: 4096 }), BlobTooLargeError);
      assert.equal(stream.destroyed, true);
      assert.ok(state.pulled < 10, `pulled ${state.pulled} chunks for a 5-chunk limit`);
    });

    it('allows a zero limit for empty content only', async () => {
      const empty = await store.put(chunks(), { maxBytes: 0 });
      assert.deepEqual(empty, { sha256: sha256(''), size: 0, contentType: CONTENT_TYPES.unknown, created: true });
      await assert.rejects(store.put(chunks('x'), { maxBytes: 0 }), BlobTooLargeError);
    });

    it('refuses a limit that is not a non-negative integer', async () => {
      for (const maxBytes of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(store.put(chunks('x'), { maxBytes }), RangeError);
      }
    });
  });

  describe('failed uploads', () => {
    it('rethrows a source error midway and leaves no temp file and no blob', async () => {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('first part ');
        throw new Error('connection reset by peer');
      }
      await assert.rejects(store.put(failing(), { maxBytes: 100 }), /connection reset by peer/);
      assert.deepEqual(await leftoverUploads(), []);
      assert.equal(await store.stat(sha256('first part ')), null);
    });

    it('handles a Node stream destroyed with an error after some data', async () => {
      let reads = 0;
      const stream = new Readable({
        read() {
          if (reads++ === 0) this.push(Buffer.from('partial'));
          else this.destroy(new Error('client aborted'));
        },
      });
      await assert.rejects(store.put(stream, { maxBytes: 100 }), /client aborted/);
      assert.equal(reads, 2);
      assert.deepEqual(await leftoverUploads(), []);
    });

    it('reports, rather than crashing on, a stream that fails before the copy starts', async () => {
      // The 'error' event fires while put() is still creating its temp file.
      const stream = new Readable({ read() {} });
      stream.destroy(new Error('aborted during setup'));
      await assert.rejects(store.put(stream, { maxBytes: 100 }), /aborted during setup/);
      assert.deepEqual(await leftoverUploads(), []);
    });

    it('refuses string chunks rather than guessing their encoding', async () => {
      await assert.rejects(store.put(Readable.from(['text']), { maxBytes: 100 }), TypeError);
      assert.deepEqual(await leftoverUploads(), []);
    });
  });

  describe('ids', () => {
    const malformed = [
      '../../etc/passwd',
      '../' + 'a'.repeat(61),
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      'g'.repeat(64),
      `${'a'.repeat(64)}/..`,
      `${'a'.repeat(62)}\0a`,
      '',
    ];
    it('rejects anything but 64 lowercase hex digits before touching the disk', async () => {
      for (const id of malformed) {
        await assert.rejects(store.open(id), InvalidBlobIdError, JSON.stringify(id));
        await assert.rejects(store.stat(id), InvalidBlobIdError, JSON.stringify(id));
        await assert.rejects(store.delete(id), InvalidBlobIdError, JSON.stringify(id));
      }
    });

    it('reports an absent blob as NotFound on open and null on stat', async () => {
      const absent = sha256('never stored');
      await assert.rejects(store.open(absent), BlobNotFoundError);
      assert.equal(await store.stat(absent), null);
    });

    it('deletes idempotently', async () => {
      const blob = await store.put(chunks('to be disposed of'), { maxBytes: 100 });
      await store.delete(blob.sha256);
      await store.delete(blob.sha256);
      assert.equal(await store.stat(blob.sha256), null);
      await assert.rejects(store.open(blob.sha256), { code: 'blob.not_found' });
    });
  });

  it('removes only uploads older than the given age, by the injected clock', async () => {
    const incoming = join(root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const hour = 3_600_000;
    for (const [name, ageMs] of [['old.part', 3 * hour], ['fresh.part', hour / 2]] as const) {
      await writeFile(join(incoming, name), 'orphan');
      const mtime = new Date(clock - ageMs);
      await utimes(join(incoming, name), mtime, mtime);
    }
    assert.equal(await store.removeStaleUploads(2 * hour), 1);
    assert.deepEqual(await readdir(incoming), ['fresh.part']);
    clock += 2 * hour;
    assert.equal(await store.removeStaleUploads(2 * hour), 1);
    assert.deepEqual(await readdir(incoming), []);
  });
});
