/**
 * Authorized devices (§5.3.8): the devices themselves, each agency's
 * enrollment policy, and the device every session is bound to.
 */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', bigint, (c) => c.notNull())
    .addColumn('last_seen_at', bigint, (c) => c.notNull())
    .addColumn('addresses', 'text', (c) => c.notNull()) // JSON array, most recent first
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', bigint)
    .addColumn('revoked_reason', 'text')
    // A key enrolls once per person: the same key signing in again is the same device.
    .addUniqueConstraint('devices_user_fingerprint', ['user_id', 'fingerprint'])
    .execute();
  await db.schema.createIndex('devices_status').on('devices').columns(['status', 'agency_id', 'first_seen_at']).execute();

  await db.schema
    .createTable('device_enrollment_policies')
    .addColumn('scope', 'text', (c) => c.primaryKey()) // an agency id, or '*' for people without an agency
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('networks', 'text', (c) => c.notNull()) // JSON array of CIDR blocks
    .addColumn('ca_certificates', 'text', (c) => c.notNull()) // JSON array of PEM
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  // NULL until the session proves its device; such a session can do nothing but that.
  await db.schema.alterTable('sessions').addColumn('device_id', 'text', (c) => c.references('devices.id')).execute();
  await db.schema.createIndex('sessions_device').on('sessions').columns(['device_id']).execute();
}
