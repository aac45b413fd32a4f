/** Attachments (WVOT-PO1010 §5.3.7): one row per upload, bound to the message that carries it. */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    // Set once, when a message carries it; an attachment belongs to one message.
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id'))
    .addColumn('message_id', 'text')
    .execute();
  await db.schema.createIndex('attachments_uploader_time').on('attachments').columns(['uploader_id', 'created_at']).execute();
  await db.schema.createIndex('attachments_sha').on('attachments').columns(['sha256']).execute();
}
