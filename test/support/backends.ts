/**
 * The storage backends every suite runs against. PARLEY_TEST_BACKENDS narrows
 * the run ("sqlite", "postgres" or both, comma-separated). PostgreSQL tests use
 * a fresh database per call, created on the server at PARLEY_TEST_PG_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../../src/store/store.js';

export const BACKENDS: Dialect[] = (process.env.PARLEY_TEST_BACKENDS ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is Dialect => s === 'sqlite' || s === 'postgres');

const PG_ADMIN_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  backend: Dialect;
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(backend: Dialect): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-test-'));
  if (backend === 'sqlite') {
    return { backend, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs SQL straight against the test database, behind the app's back (tampering tests). */
export async function rawExec(db: TestDatabase, statement: string): Promise<void> {
  if (db.backend === 'postgres') {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
    return;
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const sqlite = new Sqlite(join(db.dataDir, 'parley.db'));
  try {
    sqlite.exec(statement);
  } finally {
    sqlite.close();
  }
}
