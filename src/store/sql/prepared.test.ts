import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { openSqlite } from './sqlite.js';
import { migrateToLatest } from '../migrations/index.js';
import { prepared } from './prepared.js';

test('a prepared statement binds each call\'s values in their places and keeps the constants of its build', async () => {
  const { db, dialect } = openSqlite(':memory:');
  await migrateToLatest(db as Kysely<unknown>, { bigint: 'integer', dialect: 'sqlite' });
  for (const [id, code, name] of [['a1', 'DOT', 'Transport'], ['a2', 'DOH', 'Health'], ['a3', 'DOX', 'Highways']]) {
    await db.insertInto('agencies').values({ id: id!, code: code!, name: name!, created_at: 1 }).execute();
  }
  const find = prepared((d, code: string, name: string) =>
    d.selectFrom('agencies').select('id').where('code', '=', code).where('name', '=', name).where('created_at', '=', 1));
  assert.deepEqual((await find(db, dialect, false, 'DOT', 'Transport')).rows, [{ id: 'a1' }]);
  assert.deepEqual((await find(db, dialect, false, 'DOX', 'Highways')).rows, [{ id: 'a3' }]);
  assert.deepEqual((await find(db, dialect, false, 'DOH', 'Health')).rows, [{ id: 'a2' }]);
  assert.deepEqual((await find(db, dialect, false, 'Health', 'DOH')).rows, [], 'parameters are not swapped');
  await db.destroy();
});

test('a statement that does not use each parameter exactly once is refused when first built', async () => {
  const { db, dialect } = openSqlite(':memory:');
  const twice = prepared((d, code: string) => d.selectFrom('agencies').select('id').where('code', 'in', [code, code]));
  assert.throws(() => twice(db, dialect, false, 'DOT'), /each parameter exactly once/);
  const unused = prepared((d, _code: string) => d.selectFrom('agencies').select('id'));
  assert.throws(() => unused(db, dialect, false, 'DOT'), /each parameter exactly once/);
  await db.destroy();
});

test('held by its transaction, a statement runs at once on that transaction\'s connection: its effects roll back with it', async () => {
  const { db, dialect } = openSqlite(':memory:');
  await migrateToLatest(db as Kysely<unknown>, { bigint: 'integer', dialect: 'sqlite' });
  const insert = prepared((d, id: string, code: string) => d.insertInto('agencies').values({ id, code, name: 'held', created_at: 1 }));
  const find = prepared((d, code: string) => d.selectFrom('agencies').select('id').where('code', '=', code));
  await assert.rejects(db.transaction().execute(async (trx) => {
    assert.equal((await insert(trx, dialect, true, 'a1', 'DOT')).numAffectedRows, 1n);
    assert.deepEqual((await find(trx, dialect, true, 'DOT')).rows, [{ id: 'a1' }]);
    throw new Error('roll back');
  }), /roll back/);
  assert.deepEqual((await find(db, dialect, false, 'DOT')).rows, [], 'the insert went with the transaction');
  await db.transaction().execute(async (trx) => {
    await insert(trx, dialect, true, 'a2', 'DOH');
    await assert.rejects(insert(trx, dialect, true, 'a3', 'DOH'), /UNIQUE/);
  });
  assert.deepEqual((await find(db, dialect, false, 'DOH')).rows, [{ id: 'a2' }]);
  await db.destroy();
});
