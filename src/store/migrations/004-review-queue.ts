/** The review queue: messages the content policy flagged, or that were sent over a warning or a block (§6.0, §7.0). */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    // The sender's agency when it was sent: agency-scoped reviewers see their own.
    .addColumn('agency_id', 'text')
    .addColumn('policy_version_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_items_open').on('review_items').columns(['status', 'agency_id', 'created_at']).execute();
}
