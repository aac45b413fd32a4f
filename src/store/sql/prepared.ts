/**
 * Statements on the send path, compiled once per dialect and then run with new
 * parameters. Building and compiling a Kysely query costs more than running
 * such a small statement (bench/RESULTS.md), and a send runs three of them.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { SqlDialect } from './sql-store.js';

type Db = Kysely<Database> | Transaction<Database>;
type Slot = number | { constant: unknown };

/**
 * Wraps a query builder whose parameters are all single values bound as
 * parameters (no lists: a list of another length would need other SQL; no
 * `is null` tests). The first call per dialect builds it with placeholder values
 * and notes where each parameter lands; later calls only substitute the values.
 * `held`: the caller holds the connection (its own transaction), so a dialect
 * that can run the statement at once does (SqlDialect.runHeld).
 */
export function prepared<P extends unknown[], R>(build: (db: Db, ...params: P) => Compilable<R>) {
  const byDialect = new Map<string, { query: CompiledQuery<R>; slots: Slot[] }>();
  return (db: Db, dialect: SqlDialect, held: boolean, ...params: P): Promise<QueryResult<R>> => {
    let compiled = byDialect.get(dialect.name);
    if (!compiled) {
      const markers = params.map((_, i) => `\u0000parameter ${i}\u0000`);
      const query = build(db, ...(markers as P)).compile();
      const slots = query.parameters.map((p): Slot => {
        const i = markers.indexOf(p as string);
        return i >= 0 ? i : { constant: p };
      });
      const used = slots.filter((s) => typeof s === 'number');
      if (used.length !== markers.length || new Set(used).size !== markers.length) {
        throw new Error(`prepared statement must use each parameter exactly once: ${query.sql}`);
      }
      compiled = { query, slots };
      byDialect.set(dialect.name, compiled);
    }
    const parameters = compiled.slots.map((s) => (typeof s === 'number' ? params[s] : s.constant));
    if (held && dialect.runHeld) {
      try {
        return Promise.resolve(dialect.runHeld(compiled.query.sql, parameters) as QueryResult<R>);
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    return db.executeQuery({ ...compiled.query, parameters });
  };
}
