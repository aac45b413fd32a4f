/**
 * Messaging: conversations, their members, and the append-only event log of
 * messages, edits, deletions and membership changes. Events are never updated
 * in place (WVOT-PO1010 §4.2, §4.6: the record keeps the original).
 */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('topic', 'text')
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    // For direct conversations: the two user ids, sorted and joined, so a pair has one conversation.
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    // The newest event's sequence number; bumped in the transaction that appends.
    .addColumn('last_seq', bigint, (c) => c.notNull())
    .addColumn('last_event_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_channel_name').on('conversations').columns(['agency_id', 'name']).execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', bigint, (c) => c.notNull())
    .addColumn('left_at', bigint)
    .addColumn('read_seq', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('conversation_members_user').on('conversation_members').columns(['user_id', 'left_at']).execute();

  await db.schema
    .createTable('message_events')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', bigint, (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The message an edit or deletion applies to; a message's own id for kind "message".
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    // Chosen by the client; a resend with the same id is the same event (idempotency).
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('meta_json', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('message_events_pk', ['conversation_id', 'seq'])
    .execute();
  await db.schema.createIndex('message_events_client').on('message_events').columns(['sender_id', 'client_id']).unique().execute();
  await db.schema.createIndex('message_events_message').on('message_events').columns(['message_id', 'seq']).execute();
  await db.schema.createIndex('message_events_sender_time').on('message_events').columns(['sender_id', 'created_at']).execute();
}
