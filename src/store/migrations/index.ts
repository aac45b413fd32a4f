/**
 * Versioned, forward-only migrations. Each runs once, in order, inside a
 * transaction; there is no `down`: a mistake is fixed by a later migration.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './001-foundation.js';
import * as m002 from './002-messaging.js';
import * as m003 from './003-attachments.js';
import * as m004 from './004-review-queue.js';
import * as m005 from './005-identity.js';
import * as m006 from './006-devices.js';
import * as m007 from './007-members-version.js';

/** What differs between dialects that a migration needs to know. */
export interface MigrationContext {
  /** The column type for epoch-millisecond timestamps and sequences. */
  bigint: 'bigint' | 'integer';
  /** For the few statements that differ (triggers). */
  dialect: 'sqlite' | 'postgres';
}

type Step = { up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> };
const STEPS: Record<string, Step> = {
  '001-foundation': m001,
  '002-messaging': m002,
  '003-attachments': m003,
  '004-review-queue': m004,
  '005-identity': m005,
  '006-devices': m006,
  '007-members-version': m007,
};

export const LATEST_MIGRATION = Object.keys(STEPS).sort().at(-1)!;

class StaticProvider implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(STEPS).map(([name, step]) => [name, { up: (db: Kysely<unknown>) => step.up(db, this.ctx) }]),
    );
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>, ctx: MigrationContext): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(ctx) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
