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
  assert.deepEqual((await find(db, dialect.name, 'DOT', 'Transport')).rows, [{ id: 'a1' }]);
  assert.deepEqual((await find(db, dialect.name, 'DOX', 'Highways')).rows, [{ id: 'a3' }]);
  assert.deepEqual((await find(db, dialect.name, 'DOH', 'Health')).rows, [{ id: 'a2' }]);
  assert.deepEqual((await find(db, dialect.name, 'Health', 'DOH')).rows, [], 'parameters are not swapped');
  await db.destroy();
});

test('a statement that does not use each parameter exactly once is refused when first built', async () => {
  const { db, dialect } = openSqlite(':memory:');
  const twice = prepared((d, code: string) => d.selectFrom('agencies').select('id').where('code', 'in', [code, code]));
  assert.throws(() => twice(db, dialect.name, 'DOT'), /each parameter exactly once/);
  const unused = prepared((d, _code: string) => d.selectFrom('agencies').select('id'));
  assert.throws(() => unused(db, dialect.name, 'DOT'), /each parameter exactly once/);
  await db.destroy();
});
