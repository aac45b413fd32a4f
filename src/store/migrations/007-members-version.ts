/**
 * conversations.members_version: a counter that every change to a
 * conversation's membership increases (a join, a rejoin, a leave, a role
 * change; read markers do not count). A node caches member lists and checks
 * the version that the message append returns against the one it cached
 * (docs/subsystems/messaging.md), so the counter is kept by triggers: no write
 * path, in the server or outside it, can change membership and miss it.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint, dialect }: MigrationContext): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('members_version', bigint, (c) => c.notNull().defaultTo(0)).execute();
  if (dialect === 'postgres') {
    await sql`
      CREATE FUNCTION conversation_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversations SET members_version = members_version + 1 WHERE id = COALESCE(NEW.conversation_id, OLD.conversation_id);
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER conversation_members_changed AFTER INSERT OR DELETE OR UPDATE OF conversation_id, user_id, role, joined_at, left_at
      ON conversation_members FOR EACH ROW EXECUTE FUNCTION conversation_members_changed()`.execute(db);
    return;
  }
  const bump = (row: 'NEW' | 'OLD') => sql.raw(`UPDATE conversations SET members_version = members_version + 1 WHERE id = ${row}.conversation_id;`);
  await sql`CREATE TRIGGER conversation_members_inserted AFTER INSERT ON conversation_members BEGIN ${bump('NEW')} END`.execute(db);
  await sql`
    CREATE TRIGGER conversation_members_updated AFTER UPDATE OF conversation_id, user_id, role, joined_at, left_at ON conversation_members
    BEGIN ${bump('NEW')} ${bump('OLD')} END`.execute(db);
  await sql`CREATE TRIGGER conversation_members_deleted AFTER DELETE ON conversation_members BEGIN ${bump('OLD')} END`.execute(db);
}
