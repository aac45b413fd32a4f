/**
 * Durable commits on SQLite (wal-sync.ts, ADR 008): a write is answered only
 * after a WAL sync that began after its commit. The fdatasync call is replaced
 * by one the test holds and releases (the disk is outside our control); the
 * database, the driver and the WAL file are real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSqlite } from './sqlite.js';
import { isDurabilityLost, WalSync } from './wal-sync.js';
import type { Store } from '../store.js';
import { isStoreError } from '../errors.js';
import { migrateToLatest } from '../migrations/index.js';
import { WriteBatcher } from '../write-batcher.js';
import { createSqlStore } from './sql-store.js';

/** An fdatasync that waits until the test says how it ends (or, while `auto`, ends at once). */
function heldSync() {
  const waiting: ((err: NodeJS.ErrnoException | null) => void)[] = [];
  const held = {
    auto: false,
    dataSync: (_fd: number, done: (err: NodeJS.ErrnoException | null) => void) => (held.auto ? setImmediate(() => done(null)) : void waiting.push(done)),
    /** Syncs started and not yet ended (a method: TypeScript would narrow a property across awaits). */
    waiting: () => waiting.length,
    release(err: NodeJS.ErrnoException | null = null) {
      const done = waiting.shift();
      assert.ok(done, 'a sync is waiting');
      done(err);
    },
  };
  return held;
}

const turn = () => new Promise((r) => setImmediate(r));
const T0 = Date.UTC(2026, 0, 3);
const user = (id: string) => ({
  id, username: id, displayName: id, email: null, agencyId: null, personType: 'employee' as const, status: 'active' as const, createdAt: T0, updatedAt: T0,
});

interface Fixture {
  db: Kysely<unknown>;
  store: Store;
  held: ReturnType<typeof heldSync>;
  syncs: () => number;
}

/** A real database file with the schema, whose syncs the test holds once set up. */
async function withDatabase(run: (f: Fixture) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-wal-'));
  const held = heldSync();
  held.auto = true;
  const opened = openSqlite(join(dir, 'test.db'), { dataSync: held.dataSync });
  const db = opened.db as unknown as Kysely<unknown>;
  try {
    await migrateToLatest(db, { bigint: 'integer', dialect: 'sqlite' });
    await sql`create table t (x integer)`.execute(db);
    held.auto = false;
    await run({ db, store: createSqlStore(opened.db, opened.dialect), held, syncs: () => opened.wal!.syncs });
  } finally {
    held.auto = true;
    await opened.dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const settled = (p: Promise<unknown>) => {
  const state = { done: false };
  p.then(() => (state.done = true), () => (state.done = true));
  return state;
};

test('a write outside a transaction and a transaction are answered only after the WAL sync that follows their commit', async () => {
  await withDatabase(async ({ db, store, held }) => {
    const write = sql`insert into t (x) values (1)`.execute(db);
    const w = settled(write);
    await turn();
    assert.equal(held.waiting(), 1);
    assert.equal(w.done, false, 'not answered before the sync');
    held.release();
    await write;

    const tx = store.transaction(async (trx) => {
      await trx.users.insert(user('u1'));
      await trx.users.insert(user('u2'));
    });
    const t = settled(tx);
    while (held.waiting() === 0) await turn();
    assert.equal(held.waiting(), 1, 'one sync for the transaction, after its commit');
    assert.equal(t.done, false);
    assert.ok(await store.users.get('u2'), 'committed, and the connection free for others, while the sync runs');
    held.release();
    await tx;
  });
});

test('reads do not sync; writes during a sync share the next one', async () => {
  await withDatabase(async ({ store, held, syncs }) => {
    const first = store.transaction((tx) => tx.users.insert(user('first')));
    while (held.waiting() === 0) await turn();
    const before = syncs();
    assert.ok(await store.users.get('first'));
    assert.equal(syncs(), before, 'a read does not sync');
    const burst = Array.from({ length: 10 }, (_, i) => store.transaction((tx) => tx.users.insert(user(`b${i}`))));
    for (let i = 0; i < 5; i++) await turn();
    assert.equal(held.waiting(), 1, 'the burst waits for the sync in progress to end');
    held.release();
    await first;
    while (held.waiting() === 0) await turn();
    assert.equal(syncs(), before + 1, 'then one sync covers the whole burst');
    held.release();
    await Promise.all(burst);
  });
});

test('a failed sync fails the commits that waited for it, is never retried, and stops the store until restart', async () => {
  await withDatabase(async ({ db, store, held }) => {
    let runs = 0;
    const writes = new WriteBatcher(store, { concurrency: 2 });
    const write = writes.run(async (tx) => {
      runs++;
      await tx.users.insert(user('lost'));
    });
    while (held.waiting() === 0) await turn();
    held.release(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await assert.rejects(write, (e: unknown) => isDurabilityLost(e) && /fdatasync of .*test\.db-wal failed \(EIO/.test(e.message));
    assert.equal(runs, 1, 'a commit whose sync failed is not run again');
    // A later sync could succeed without the pages the failed one lost: nothing runs any more, reads included.
    await assert.rejects(store.transaction((tx) => tx.users.insert(user('after'))), (e: unknown) => isDurabilityLost(e));
    await assert.rejects(sql`insert into t (x) values (2)`.execute(db), (e: unknown) => isDurabilityLost(e));
    await assert.rejects(store.ping(), (e: unknown) => isStoreError(e, 'unavailable'));
    assert.equal(held.waiting(), 0, 'no sync was even tried');
  });
});

test('Store.durable() waits for a sync that began after the last commit, and starts none when there is nothing new', async () => {
  await withDatabase(async ({ store, held, syncs }) => {
    const committing = store.transaction((tx) => tx.users.insert(user('first')));
    while (held.waiting() === 0) await turn();
    // A resend reads the first send's row while its sync runs: that sync began after the commit and covers it.
    assert.ok(await store.users.get('first'));
    const before = syncs();
    const covered = store.durable();
    const c = settled(covered);
    await turn();
    assert.equal(c.done, false, 'not before that sync ends');
    held.release();
    await Promise.all([committing, covered]);
    assert.equal(syncs(), before, 'and no second sync for it');
    // A read-only transaction and a barrier with nothing committed since start no sync at all.
    await store.transaction(async (tx) => void (await tx.users.get('first')));
    await store.durable();
    assert.equal(syncs(), before);
  });
});

test('a commit reported while a sync runs waits for the next sync; with nothing reported, the running one is the answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-walunit-'));
  const file = join(dir, 'x-wal');
  writeFileSync(file, 'frames');
  const held = heldSync();
  const wal = new WalSync(file, held.dataSync);
  try {
    const first = wal.sync(); // a new WalSync has everything to sync
    assert.equal(held.waiting(), 1);
    assert.equal(wal.sync(), first, 'nothing committed since it began: the running sync is the answer');
    wal.written(); // a commit lands while it runs (another caller started it before this commit)
    const second = wal.sync();
    const s = settled(second);
    held.release();
    await first;
    await turn();
    assert.equal(s.done, false, 'the sync that began before the commit does not cover it');
    assert.equal(held.waiting(), 1);
    held.release();
    await second;
    assert.equal(wal.syncs, 2);
  } finally {
    wal.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with no WAL file there is nothing to sync', async () => {
  const wal = new WalSync(join(tmpdir(), `parley-no-such-${process.pid}.db-wal`));
  await wal.sync();
  assert.equal(wal.syncs, 0);
});

test('a server store checkpoints the WAL on its worker thread, so the WAL is emptied without the commits doing it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ckpt-'));
  const file = join(dir, 'test.db');
  // A low threshold for the test (a server's is 4 MB of WAL).
  const opened = openSqlite(file, { backgroundCheckpoints: { atBytes: 64 * 1024 } });
  const db = opened.db as unknown as Kysely<unknown>;
  try {
    await sql`create table t (x text)`.execute(db);
    // Far fewer pages than the fallback threshold: only the worker can move them into the database file.
    for (let i = 0; i < 50; i++) await sql`insert into t (x) values (${'x'.repeat(2000)})`.execute(db);
    // The rows' 100 KB reach the database file only by a checkpoint; without the worker it stays a page or two.
    const rows = 50 * 2000;
    let size = statSync(file).size;
    for (let i = 0; i < 400 && size < rows; i++) {
      await new Promise((r) => setTimeout(r, 50));
      size = statSync(file).size;
    }
    assert.ok(size >= rows, `the database file is ${size} bytes: the rows were checkpointed into it`);
  } finally {
    await opened.dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the group commit runs a second batch while the first waits for its sync, and answers both in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pipe-'));
  const held = heldSync();
  held.auto = true;
  const opened = openSqlite(join(dir, 'test.db'), { dataSync: held.dataSync });
  try {
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, { bigint: 'integer', dialect: 'sqlite' });
    const store = createSqlStore(opened.db, opened.dialect);
    held.auto = false;
    const batcher = new WriteBatcher(store, { concurrency: 2 });
    const answered: string[] = [];
    const first = batcher.run((tx) => tx.users.insert(user('first'))).then(() => answered.push('first'));
    while (held.waiting() === 0) await turn();
    const second = batcher.run((tx) => tx.users.insert(user('second'))).then(() => answered.push('second'));
    // The second batch commits while the first's sync is still held: its row is there, nobody is answered yet.
    for (let i = 0; i < 20 && !(await store.users.get('second')); i++) await turn();
    assert.ok(await store.users.get('second'), 'the second batch committed during the first one\'s sync');
    assert.deepEqual(answered, []);
    held.release();
    await first;
    while (held.waiting() === 0) await turn();
    assert.deepEqual(answered, ['first'], 'the second waits for a sync that began after its commit');
    held.release();
    await second;
    assert.deepEqual(answered, ['first', 'second']);
    await batcher.idle();
  } finally {
    await opened.dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
