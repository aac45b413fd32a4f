/** PostgreSQL through node-postgres: the scale-out backend shared by many nodes. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../schema.js';
import { StoreError } from '../errors.js';
import type { SqlDialect } from './sql-store.js';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Timestamps and sequences are int8; they stay far below 2^53, so they are read
 * as numbers. Per-pool parsers, so nothing global is changed.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function convertPostgresError(e: unknown): unknown {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: unknown })?.code;
  const message = (e as Error)?.message ?? String(e);
  if (code === '23505') return new StoreError('unique_violation', message, { cause: e });
  if (code === '23503') return new StoreError('foreign_key_violation', message, { cause: e });
  if (code === '40001' || code === '40P01' || code === '55P03') return new StoreError('conflict', message, { cause: e });
  // Class 22, data exceptions: a value the column cannot hold (e.g. U+0000 in text).
  if (typeof code === 'string' && code.startsWith('22')) return new StoreError('invalid_data', message, { cause: e });
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return new StoreError('unavailable', message, { cause: e });
  if (/Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new StoreError('unavailable', message, { cause: e });
  }
  return e;
}

export function openPostgres(url: string, options: { max?: number } = {}): { db: Kysely<Database>; dialect: SqlDialect } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: 5000 });
  // An idle client's error (the server restarted) must not crash the process;
  // the next query reports it through convertPostgresError.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: { name: 'postgres', convertError: convertPostgresError, destroy: () => db.destroy() },
  };
}
