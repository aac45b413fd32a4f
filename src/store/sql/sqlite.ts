/** SQLite through better-sqlite3: the embedded default. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';
import type { Database } from '../schema.js';
import { StoreError } from '../errors.js';
import type { SqlDialect } from './sql-store.js';
import { WalSync, type DataSync } from './wal-sync.js';
import { DEFAULT_AUTOCHECKPOINT_PAGES, FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js';

/** What the driver needs to make writes durable: the WAL sync, told of each statement that ran. */
interface Durability {
  /** Notes that `sql` ran; true if it was a write outside a transaction (it committed, and waits for a sync here). */
  ran(sql: string): boolean;
  sync(): Promise<void>;
  /** Set once a sync has failed: from then on nothing runs (wal-sync.ts, DurabilityLost). */
  readonly lost: Error | null;
}

/**
 * Kysely's SQLite driver with two changes.
 * - Transactions begin IMMEDIATE: they take the write lock up front, so a
 *   transaction that reads then writes (the audit chain head) cannot fail half
 *   way when another process (the CLI) wrote in between.
 * - A write outside a transaction resolves only after the WAL has been synced
 *   (`Durability`, wal-sync.ts), holding the connection meanwhile (such writes
 *   are rare; Kysely's `connection()` scopes, the migrator's among them, run
 *   more statements on the same acquisition). A transaction's COMMIT does not
 *   wait here: `Store.transaction` (sql-store.ts) waits for the sync after
 *   Kysely has handed the connection back, so the next transaction runs while
 *   the sync is in the thread pool. Once a sync has failed, nothing runs.
 */
class DurableSqliteDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly durability: Durability | null,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    const durability = this.durability;
    if (!durability) return connection;
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          if (durability.lost) throw durability.lost;
          const result = await connection.executeQuery<R>(query);
          if (durability.ran(query.sql)) await durability.sync();
          return result;
        },
        streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      };
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    // The inner driver releases its one connection whichever object it is handed.
    await this.inner.releaseConnection(undefined as unknown as DatabaseConnection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class DurableSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly durability: Durability | null,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver(), this.durability);
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
export interface SqliteOptions {
  dataSync?: DataSync;
  /** Checkpoint the WAL on a worker thread (checkpointer.ts), as a server does, rather than in the commits; tests may lower its threshold. */
  backgroundCheckpoints?: boolean | { atBytes: number };
}

export function openSqlite(file: string, options: SqliteOptions = {}): { db: Kysely<Database>; dialect: SqlDialect; wal: WalSync | null } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  const mode = String(sqlite.pragma('journal_mode = WAL', { simple: true }));
  // Durability rests on syncing the WAL (below): a file system that cannot hold one (no shared memory) is refused.
  if (file !== ':memory:' && mode !== 'wal') {
    sqlite.close();
    throw new StoreError('unavailable', `${file}: SQLite could not use a write-ahead log here (journal mode ${mode}); put the data directory on a local file system`);
  }
  // An acknowledged message must never be lost, on power loss either. NORMAL
  // leaves the WAL unsynced at COMMIT; WalSync syncs it off the event loop
  // before anyone is answered, which is what FULL would do on it (ADR 008).
  const wal = file === ':memory:' ? null : new WalSync(`${file}-wal`, options.dataSync);
  sqlite.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const checkpointer = wal && options.backgroundCheckpoints
    ? startCheckpointer(file, {
      ...(typeof options.backgroundCheckpoints === 'object' ? { atBytes: options.backgroundCheckpoints.atBytes } : {}),
      onError: (message) => process.emitWarning(`WAL checkpoint of ${file} failed: ${message}`),
      // Without the worker the connection checkpoints as SQLite does by default, in its commits.
      onStopped: () => {
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      },
    })
    : null;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma('busy_timeout = 5000');
  // Kysely prepares every query afresh; compiling SQL costs more than running
  // these small statements, so compiled statements are kept by their text.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const cached = {
    close: () => {
      sqlite.close();
      wal?.close();
    },
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
  let txWrote = false;
  const durable: Durability | null = wal && {
    // A commit writes its frames to the WAL: a COMMIT (synced by Store.transaction, after the connection is handed
    // back), or a write outside a transaction. BEGIN, COMMIT and ROLLBACK count as read-only to SQLite.
    // A transaction that only read commits nothing (txWrote, set by its writing statements here and in runHeld).
    ran: (sql: string) => {
      // BEGIN IMMEDIATE counts as a write to SQLite (it takes the write lock) but writes nothing.
      if (sql === 'begin immediate') return false;
      if (sql === 'commit' || sql === 'rollback') {
        if (sql === 'commit' && txWrote) wal.written();
        txWrote = false;
        return false;
      }
      if (cached.prepare(sql).readonly) return false;
      if (sqlite.inTransaction) {
        txWrote = true;
        return false;
      }
      wal.written();
      return true;
    },
    sync: () => wal.sync(),
    get lost() {
      return wal.lost;
    },
  };
  const db = new Kysely<Database>({ dialect: new DurableSqliteDialect({ database: cached }, durable) });
  // What Kysely's SQLite connection does for a query, without its queue and promises (see SqlDialect.runHeld).
  const runHeld = (sql: string, parameters: readonly unknown[]): QueryResult<unknown> => {
    const stmt = cached.prepare(sql);
    if (!stmt.readonly) txWrote = true;
    if (stmt.reader) return { rows: stmt.all(parameters) };
    return { rows: [], numAffectedRows: BigInt(stmt.run(parameters).changes) };
  };
  return {
    db,
    dialect: {
      name: 'sqlite', convertError: convertSqliteError, runHeld,
      // A sync begun now covers every commit a reader may have seen.
      durable: () => (wal ? wal.sync() : Promise.resolve()),
      destroy: async () => {
        await checkpointer?.close();
        await db.destroy();
      },
    },
    wal,
  };
}
