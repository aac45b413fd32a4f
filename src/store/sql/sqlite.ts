/** SQLite through better-sqlite3: the embedded default. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { Database } from '../schema.js';
import { StoreError } from '../errors.js';
import type { SqlDialect } from './sql-store.js';

/**
 * Transactions begin IMMEDIATE: they take the write lock up front, so a
 * transaction that reads then writes (the audit chain head) cannot fail half
 * way when another process (the CLI) wrote in between.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

export function convertSqliteError(e: unknown): unknown {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  const message = (e as Error).message;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreError('unique_violation', message, { cause: e });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new StoreError('foreign_key_violation', message, { cause: e });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreError('conflict', message, { cause: e });
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new StoreError('unavailable', message, { cause: e });
  }
  return e;
}

/** Opens (creating if needed) the database file; ':memory:' for a private in-memory one. */
export function openSqlite(file: string): { db: Kysely<Database>; dialect: SqlDialect } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss, not only a crash. An
  // acknowledged message must never be lost.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Kysely prepares every query afresh; compiling SQL costs more than running
  // these small statements, so compiled statements are kept by their text.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const cached = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = statements.get(sql);
      if (!stmt) {
        if (statements.size >= 1000) statements.clear();
        stmt = sqlite.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
  };
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cached }) });
  // What Kysely's SQLite connection does for a query, without its queue and promises (see SqlDialect.runHeld).
  const runHeld = (sql: string, parameters: readonly unknown[]): QueryResult<unknown> => {
    const stmt = cached.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(parameters) };
    return { rows: [], numAffectedRows: BigInt(stmt.run(parameters).changes) };
  };
  return {
    db,
    dialect: { name: 'sqlite', convertError: convertSqliteError, destroy: () => db.destroy(), runHeld },
  };
}
