/**
 * Durable commits on SQLite (wal-sync.ts, ADR 008): a write is answered only
 * after a WAL sync that began after its commit. The fdatasync call is replaced
 * by one the test holds and releases (the disk is outside our control); the
 * database, the driver and the WAL file are real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSqlite } from './sqlite.js';
import { WalSync } from './wal-sync.js';
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
    get waiting() {
      return waiting.length;
    },
    release(err: NodeJS.ErrnoException | null = null) {
      const done = waiting.shift();
      assert.ok(done, 'a sync is waiting');
      done(err);
    },
  };
  return held;
}

const turn = () => new Promise((r) => setImmediate(r));

async function withDatabase(run: (db: Kysely<unknown>, held: ReturnType<typeof heldSync>, syncs: () => number) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-wal-'));
  const held = heldSync();
  const opened = openSqlite(join(dir, 'test.db'), { dataSync: held.dataSync });
  const db = opened.db as unknown as Kysely<unknown>;
  try {
    // The table is made before the test's sync is in play: its own write waits for a sync too.
    const made = sql`create table t (x integer)`.execute(db);
    await turn();
    held.release();
    await made;
    await run(db, held, () => opened.wal!.syncs);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const settled = (p: Promise<unknown>) => {
  const state = { done: false };
  p.then(() => (state.done = true), () => (state.done = true));
  return state;
};

test('a write outside a transaction and a transaction are answered only after the WAL sync that follows their commit', async () => {
  await withDatabase(async (db, held) => {
    const write = sql`insert into t (x) values (1)`.execute(db);
    const w = settled(write);
    await turn();
    assert.equal(held.waiting, 1);
    assert.equal(w.done, false, 'not answered before the sync');
    held.release();
    await write;

    const tx = db.transaction().execute(async (trx) => {
      await sql`insert into t (x) values (2)`.execute(trx);
      await sql`insert into t (x) values (3)`.execute(trx);
    });
    const t = settled(tx);
    await turn();
    assert.equal(held.waiting, 1, 'one sync for the transaction, at its commit');
    assert.equal(t.done, false);
    held.release();
    await tx;
  });
});

test('the connection is free while a sync runs; reads do not sync; writes during a sync share the next one', async () => {
  await withDatabase(async (db, held, syncs) => {
    const first = sql`insert into t (x) values (1)`.execute(db);
    await turn();
    const before = syncs();
    // Read while the first write's sync is held: the connection was handed back at its commit.
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
    assert.equal(rows.rows[0]!.n, 1);
    assert.equal(syncs(), before, 'a read does not sync');
    const burst = Array.from({ length: 10 }, (_, i) => sql`insert into t (x) values (${i + 10})`.execute(db));
    await turn();
    assert.equal(held.waiting, 1, 'the burst waits for the sync in progress to end');
    held.release();
    await first;
    await turn();
    assert.equal(held.waiting, 1, 'then one sync covers the whole burst');
    assert.equal(syncs(), before + 1);
    held.release();
    await Promise.all(burst);
  });
});

test('a failed sync fails the writes that waited for it, naming the file; the next write succeeds', async () => {
  await withDatabase(async (db, held) => {
    const write = sql`insert into t (x) values (1)`.execute(db);
    await turn();
    held.release(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await assert.rejects(write, (e: unknown) => isStoreError(e, 'unavailable') && /fdatasync of .*test\.db-wal failed: EIO/.test(e.message));
    const again = sql`insert into t (x) values (2)`.execute(db);
    await turn();
    held.release();
    await again;
  });
});

test('with no WAL file there is nothing to sync', async () => {
  const wal = new WalSync(join(tmpdir(), `parley-no-such-${process.pid}.db-wal`));
  await wal.sync();
  assert.equal(wal.syncs, 0);
});

test('a server store checkpoints the WAL on its worker thread, so the WAL is emptied without the commits doing it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ckpt-'));
  const file = join(dir, 'test.db');
  const opened = openSqlite(file, { backgroundCheckpoints: true });
  const db = opened.db as unknown as Kysely<unknown>;
  try {
    await sql`create table t (x text)`.execute(db);
    // Far fewer pages than the fallback threshold: only the worker can move them into the database file.
    for (let i = 0; i < 50; i++) await sql`insert into t (x) values (${'x'.repeat(2000)})`.execute(db);
    const sizeOfDb = () => statSync(file).size;
    const before = sizeOfDb();
    let after = before;
    for (let i = 0; i < 100 && after <= before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = sizeOfDb();
    }
    assert.ok(after > before + 50 * 2000, `the database file grew from ${before} to ${after} bytes: the rows were checkpointed into it`);
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
    const T0 = Date.UTC(2026, 0, 3);
    const user = (id: string) => ({ id, username: id, displayName: id, email: null, agencyId: null, personType: 'employee' as const, status: 'active' as const, createdAt: T0, updatedAt: T0 });
    held.auto = false;
    const batcher = new WriteBatcher(store, { concurrency: 2 });
    const answered: string[] = [];
    const first = batcher.run((tx) => tx.users.insert(user('first'))).then(() => answered.push('first'));
    while (held.waiting === 0) await turn();
    const second = batcher.run((tx) => tx.users.insert(user('second'))).then(() => answered.push('second'));
    // The second batch commits while the first's sync is still held: its row is there, nobody is answered yet.
    for (let i = 0; i < 20 && !(await store.users.get('second')); i++) await turn();
    assert.ok(await store.users.get('second'), 'the second batch committed during the first one\'s sync');
    assert.deepEqual(answered, []);
    held.release();
    await first;
    while (held.waiting === 0) await turn();
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
