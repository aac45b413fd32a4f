/** Chooses the backend from configuration, opens it and brings its schema up to date. */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Store } from './store.js';
import { createSqlStore } from './sql/sql-store.js';
import { openSqlite } from './sql/sqlite.js';
import { openPostgres } from './sql/postgres.js';
import { SqliteWriter } from './sql/sqlite-writer.js';
import { InProcessWrites, type Writes } from './writes.js';
import { migrateToLatest } from './migrations/index.js';

export interface StoreLocation {
  /** postgres://… or sqlite:<file>; absent: <dataDir>/parley.db. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

/** The SQLite file of a location, or null for PostgreSQL. */
function sqliteFile(loc: StoreLocation): string | null {
  const url = loc.databaseUrl;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) return null;
  return url?.startsWith('sqlite:') ? url.slice('sqlite:'.length) : join(loc.dataDir, 'parley.db');
}

export async function openStore(loc: StoreLocation): Promise<Store> {
  const file = sqliteFile(loc);
  const opened = file === null ? openPostgres(loc.databaseUrl!) : openSqlite(file);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>, { bigint: file === null ? 'bigint' : 'integer', dialect: opened.dialect.name });
  } catch (e) {
    await opened.dialect.destroy();
    throw opened.dialect.convertError(e);
  }
  return createSqlStore(opened.db, opened.dialect);
}

/**
 * The writer for the hot paths' writes (writes.ts) of the store opened at
 * `loc`: a writer thread for a SQLite file, so that no fsync blocks the event
 * loop; the group commit on the event loop for PostgreSQL and in-memory SQLite.
 */
export function openWrites(loc: StoreLocation, store: Store, options: { onBatch?: (size: number) => void } = {}): Writes {
  const file = sqliteFile(loc);
  return file === null || file === ':memory:' ? new InProcessWrites(store, options) : new SqliteWriter(file, options);
}
