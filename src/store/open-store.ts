/** Chooses the backend from configuration, opens it and brings its schema up to date. */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Store } from './store.js';
import { createSqlStore } from './sql/sql-store.js';
import { openSqlite } from './sql/sqlite.js';
import { openPostgres } from './sql/postgres.js';
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

/** `backgroundCheckpoints`: a server's store checkpoints SQLite's WAL on a worker thread (sql/checkpointer.ts). */
export async function openStore(loc: StoreLocation, options: { backgroundCheckpoints?: boolean } = {}): Promise<Store> {
  const file = sqliteFile(loc);
  const opened = file === null ? openPostgres(loc.databaseUrl!) : openSqlite(file, { backgroundCheckpoints: options.backgroundCheckpoints ?? false });
  try {
    await migrateToLatest(opened.db as Kysely<unknown>, { bigint: file === null ? 'bigint' : 'integer', dialect: opened.dialect.name });
  } catch (e) {
    await opened.dialect.destroy();
    throw opened.dialect.convertError(e);
  }
  return createSqlStore(opened.db, opened.dialect);
}
