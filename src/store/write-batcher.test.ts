import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { commitTogether, WriteBatcher } from './write-batcher.js';
import type { Store } from './store.js';
import { isStoreError } from './errors.js';
import { openStore } from './open-store.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/backends.js';

let db: TestDatabase;
let store: Store;
before(async () => {
  db = await createTestDatabase('sqlite');
  store = await openStore({ dataDir: db.dataDir });
});
after(async () => {
  await store.close();
  await db.drop();
});

test('concurrent writes commit together in few transactions, each caller getting its own result', async () => {
  const batcher = new WriteBatcher(store);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      batcher.run(async (tx) => {
        await tx.agencies.insert({ id: `b${i}`, code: `B${i}`, name: `batch ${i}`, createdAt: 0 });
        return i;
      }),
    ),
  );
  assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => i));
  assert.equal(batcher.writes, 50);
  assert.ok(batcher.batches < 10, `50 writes took ${batcher.batches} commits`);
  assert.equal((await store.agencies.list({})).length, 50);
});

test('writes queued in one turn of the event loop share one commit, even when awaits separate them', async () => {
  // Frames read from one socket chunk reach commit a few microtasks apart.
  const batcher = new WriteBatcher(store);
  const runs: Promise<unknown>[] = [];
  for (let i = 0; i < 5; i++) {
    runs.push(batcher.run((tx) => tx.agencies.insert({ id: `t${i}`, code: `T${i}`, name: `turn ${i}`, createdAt: 0 })));
    await Promise.resolve();
  }
  await Promise.all(runs);
  assert.deepEqual([batcher.batches, batcher.writes], [1, 5]);
});

test('a failing write fails alone; the rest of its batch commits', async () => {
  const batcher = new WriteBatcher(store);
  const outcomes = await Promise.allSettled([
    batcher.run((tx) => tx.agencies.insert({ id: 'ok1', code: 'OK1', name: 'ok', createdAt: 0 })),
    batcher.run((tx) => tx.agencies.insert({ id: 'dup', code: 'B1', name: 'duplicate code', createdAt: 0 })),
    batcher.run((tx) => tx.agencies.insert({ id: 'ok2', code: 'OK2', name: 'ok', createdAt: 0 })),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.ok(isStoreError((outcomes[1] as PromiseRejectedResult).reason, 'unique_violation'));
  assert.ok(await store.agencies.get('ok1'));
  assert.ok(await store.agencies.get('ok2'));
  assert.equal(await store.agencies.get('dup'), null);
});

test('a write that throws is left out and the rest of its batch still commits in one transaction', async () => {
  let transactions = 0;
  const counted: Store = { ...store, transaction: (fn) => (transactions++, store.transaction(fn)) };
  const insert = (id: string) => async (tx: Store) => {
    await tx.agencies.insert({ id, code: id.toUpperCase(), name: id, createdAt: 0 });
    return id;
  };
  const settled = await commitTogether(counted, [
    insert('g1'),
    async () => { throw new Error('stale'); },
    insert('g2'),
    insert('g3'),
  ]);
  assert.deepEqual(settled.map((s) => (s.ok ? s.value : (s.error as Error).message)), ['g1', 'stale', 'g2', 'g3']);
  // The failed attempt, then one commit for the three others (not one each).
  assert.equal(transactions, 2);
  for (const id of ['g1', 'g2', 'g3']) assert.ok(await store.agencies.get(id), id);
});

test('with two batches in flight, a batch that rolls back to drop a failing write still commits before the next one', async () => {
  const batcher = new WriteBatcher(store, { concurrency: 2 });
  const ran: string[] = [];
  const write = (id: string, code: string) => async (tx: Store) => {
    ran.push(id);
    // Work that spans a turn of the event loop, so that the second batch is waiting for the connection meanwhile.
    await new Promise((r) => setImmediate(r));
    await tx.agencies.insert({ id, code, name: id, createdAt: 0 });
  };
  const first = [batcher.run(write('o1', 'O1')), batcher.run(write('o-dup', 'B2'))];
  // The first batch has started (its duplicate will roll it back and it will run again); the second starts now.
  await new Promise((r) => setImmediate(r));
  const second = batcher.run(write('o2', 'O2'));
  const outcomes = await Promise.allSettled([...first, second]);
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(ran, ['o1', 'o-dup', 'o1', 'o2'], 'the second batch ran only after the first had committed');
  const order = (await store.agencies.list({})).map((a) => a.id).filter((id) => id === 'o1' || id === 'o2');
  assert.equal(order.length, 2);
});
