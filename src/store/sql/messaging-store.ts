/** Conversations, members and the append-only message event log, over Kysely. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AttachmentsTable, ConversationsTable, Database, MessageEventsTable } from '../schema.js';
import type { AttachmentStore, ConversationStore, ConversationSummary, MessageStore, ReviewItem, ReviewStore } from '../store.js';
import type { Attachment, Conversation, ConversationKind, EventKind, EventMeta, Member, MemberRole, Membership, MessageEvent } from '../../domain/messaging.js';
import { StoreError } from '../errors.js';
import { prepared } from './prepared.js';
import type { SqlDialect } from './sql-store.js';
import { likeContaining, likePrefix } from './like.js';

type Db = Kysely<Database> | Transaction<Database>;

const toConversation = (r: Selectable<ConversationsTable>): Conversation => ({
  id: r.id,
  kind: r.kind as ConversationKind,
  name: r.name,
  topic: r.topic,
  agencyId: r.agency_id,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  lastSeq: Number(r.last_seq),
  lastEventAt: Number(r.last_event_at),
});

const parseMeta = (text: string | null): EventMeta | null => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as EventMeta;
  } catch {
    return null;
  }
};

const toEvent = (r: Selectable<MessageEventsTable>): MessageEvent => ({
  conversationId: r.conversation_id,
  seq: Number(r.seq),
  id: r.id,
  kind: r.kind as EventKind,
  messageId: r.message_id,
  senderId: r.sender_id,
  clientId: r.client_id,
  body: r.body,
  meta: parseMeta(r.meta_json),
  createdAt: Number(r.created_at),
});

const toMember = (r: { conversation_id: string; user_id: string; role: string; joined_at: number; left_at: number | null; read_seq: number }): Member => ({
  conversationId: r.conversation_id,
  userId: r.user_id,
  role: r.role as MemberRole,
  joinedAt: Number(r.joined_at),
  leftAt: r.left_at === null ? null : Number(r.left_at),
  readSeq: Number(r.read_seq),
});

async function currentMembers(db: Db, conversationId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('left_at', 'is', null)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  return rows.map(toMember);
}

export const conversationStore = (db: Db): ConversationStore => ({
  async insert(c, directKey) {
    await db
      .insertInto('conversations')
      .values({
        id: c.id, kind: c.kind, name: c.name, topic: c.topic, agency_id: c.agencyId,
        direct_key: c.kind === 'direct' ? (directKey ?? null) : null,
        created_by: c.createdBy, created_at: c.createdAt, last_seq: c.lastSeq, last_event_at: c.lastEventAt,
      })
      .execute();
  },
  async get(id) {
    const r = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toConversation(r) : null;
  },
  async getByDirectKey(key) {
    const r = await db.selectFrom('conversations').selectAll().where('direct_key', '=', key).executeTakeFirst();
    return r ? toConversation(r) : null;
  },
  async listForUser(userId, limit): Promise<ConversationSummary[]> {
    const rows = await db
      .selectFrom('conversation_members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('c')
      .select(['m.role', 'm.read_seq'])
      .select((eb) =>
        eb
          .selectFrom('message_events as e')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('e.conversation_id', '=', 'c.id')
          .whereRef('e.seq', '>', 'm.read_seq')
          .where('e.kind', '=', 'message')
          .where('e.sender_id', '<>', userId)
          .as('unread'),
      )
      .where('m.user_id', '=', userId)
      .where('m.left_at', 'is', null)
      .orderBy('c.last_event_at', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toConversation(r), role: r.role as MemberRole, readSeq: Number(r.read_seq), unread: Number(r.unread ?? 0) }));
  },
  async listChannels({ agencyIds, query, limit }) {
    if (agencyIds && agencyIds.length === 0) return [];
    let q = db.selectFrom('conversations').selectAll().where('kind', '=', 'channel').orderBy('name').limit(limit);
    if (agencyIds) q = q.where('agency_id', 'in', agencyIds);
    if (query) {
      const prefix = likePrefix(query);
      q = q.where(sql<boolean>`lower(name) like ${prefix} escape '\\'`);
    }
    return (await q.execute()).map(toConversation);
  },
  async upsertMember(m) {
    const row = {
      conversation_id: m.conversationId, user_id: m.userId, role: m.role, joined_at: m.joinedAt, left_at: m.leftAt, read_seq: m.readSeq,
    };
    await db
      .insertInto('conversation_members')
      .values(row)
      .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ role: m.role, joined_at: m.joinedAt, left_at: null }))
      .execute();
  },
  async markLeft(conversationId, userId, at) {
    await db
      .updateTable('conversation_members')
      .set({ left_at: at })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .execute();
  },
  async getMember(conversationId, userId) {
    const r = await db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r ? toMember(r) : null;
  },
  listMembers: (conversationId) => currentMembers(db, conversationId),
  async membership(conversationId): Promise<Membership | null> {
    const c = await db.selectFrom('conversations').select(['kind', 'members_version']).where('id', '=', conversationId).executeTakeFirst();
    if (!c) return null;
    const members = await currentMembers(db, conversationId);
    return {
      conversationId, kind: c.kind as ConversationKind, version: Number(c.members_version), roles: new Map(members.map((m) => [m.userId, m.role])),
    };
  },
  async raiseReadSeq(conversationId, userId, seq) {
    await db
      .updateTable('conversation_members')
      .set({ read_seq: seq })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where('read_seq', '<', seq)
      .execute();
    const r = await db
      .selectFrom('conversation_members')
      .select('read_seq')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!r) throw new StoreError('not_found', `${userId} is not a member of ${conversationId}`);
    return Number(r.read_seq);
  },
});

const bumpSeq = prepared((db, conversationId: string, at: number) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_event_at: at }))
    .where('id', '=', conversationId)
    .returning(['last_seq', 'members_version']),
);

const insertEvent = prepared((db, ...v: [string, number, string, string, string, string, string, string | null, string | null, number]) =>
  db.insertInto('message_events').values({
    conversation_id: v[0], seq: v[1], id: v[2], kind: v[3], message_id: v[4], sender_id: v[5], client_id: v[6], body: v[7], meta_json: v[8], created_at: v[9],
  }),
);

const byClientId = prepared((db, senderId: string, clientId: string) =>
  db.selectFrom('message_events').selectAll().where('sender_id', '=', senderId).where('client_id', '=', clientId),
);

export const messageStore = (db: Db, dialect: SqlDialect, inTransaction: boolean): MessageStore => ({
  async append(e) {
    if (!inTransaction) throw new Error('messages.append must run inside store.transaction');
    // The update takes the conversation row's write lock (PostgreSQL) or the
    // database write lock (SQLite): sequence numbers are gap-free and ordered.
    const [bumped] = (await bumpSeq(db, dialect, true, e.conversationId, e.createdAt)).rows;
    if (!bumped) throw new StoreError('not_found', `conversation ${e.conversationId} not found`);
    const seq = Number(bumped.last_seq);
    await insertEvent(db, dialect, true, e.conversationId, seq, e.id, e.kind, e.messageId, e.senderId, e.clientId, e.body,
      e.meta === null ? null : JSON.stringify(e.meta), e.createdAt);
    return { ...e, seq, membersVersion: Number(bumped.members_version) };
  },
  async getByClientId(senderId, clientId) {
    const [r] = (await byClientId(db, dialect, inTransaction, senderId, clientId)).rows;
    return r ? toEvent(r) : null;
  },
  async getMessage(messageId) {
    const r = await db.selectFrom('message_events').selectAll().where('id', '=', messageId).where('kind', '=', 'message').executeTakeFirst();
    return r ? toEvent(r) : null;
  },
  async getEvent(id) {
    const r = await db.selectFrom('message_events').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEvent(r) : null;
  },
  async range(conversationId, { afterSeq, beforeSeq, limit, order }) {
    let q = db.selectFrom('message_events').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', order).limit(limit);
    if (afterSeq !== undefined) q = q.where('seq', '>', afterSeq);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    return (await q.execute()).map(toEvent);
  },
  async changesTo(messageIds) {
    if (messageIds.length === 0) return [];
    const rows = await db
      .selectFrom('message_events')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .where('kind', 'in', ['edit', 'delete'])
      .orderBy('seq')
      .execute();
    return rows.map(toEvent);
  },
  async searchBodies({ userId, needle, conversationId, before, limit }) {
    const pattern = likeContaining(needle);
    let q = db
      .selectFrom('message_events as e')
      .innerJoin('conversation_members as m', (j) =>
        j.onRef('m.conversation_id', '=', 'e.conversation_id').on('m.user_id', '=', userId).on('m.left_at', 'is', null))
      .selectAll('e')
      .where('e.kind', 'in', ['message', 'edit'])
      .where(sql<boolean>`lower(e.body) like ${pattern} escape '\\'`)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit);
    if (conversationId !== undefined) q = q.where('e.conversation_id', '=', conversationId);
    if (before) {
      q = q.where((eb) => eb.or([
        eb('e.created_at', '<', before.createdAt),
        eb.and([eb('e.created_at', '=', before.createdAt), eb('e.id', '<', before.id)]),
      ]));
    }
    return (await q.execute()).map(toEvent);
  },
});

const toAttachment = (r: Selectable<AttachmentsTable>): Attachment => ({
  id: r.id, sha256: r.sha256, uploaderId: r.uploader_id, name: r.name, size: Number(r.size), contentType: r.content_type,
  createdAt: Number(r.created_at), conversationId: r.conversation_id, messageId: r.message_id,
});

export const attachmentStore = (db: Db): AttachmentStore => ({
  async insert(a) {
    await db
      .insertInto('attachments')
      .values({
        id: a.id, sha256: a.sha256, uploader_id: a.uploaderId, name: a.name, size: a.size, content_type: a.contentType,
        created_at: a.createdAt, conversation_id: a.conversationId, message_id: a.messageId,
      })
      .execute();
  },
  async get(id) {
    const r = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAttachment(r) : null;
  },
  async bytesSince(uploaderId, since) {
    const r = await db
      .selectFrom('attachments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.val(0)).as('n'))
      .where('uploader_id', '=', uploaderId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async bind(ids, uploaderId, conversationId, messageId) {
    if (ids.length === 0) return 0;
    const r = await db
      .updateTable('attachments')
      .set({ conversation_id: conversationId, message_id: messageId })
      .where('id', 'in', ids)
      .where('uploader_id', '=', uploaderId)
      .where('message_id', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
});

export const reviewStore = (db: Db): ReviewStore => ({
  async insert(i) {
    await db
      .insertInto('review_items')
      .values({
        id: i.id, event_id: i.eventId, conversation_id: i.conversationId, sender_id: i.senderId, agency_id: i.agencyId,
        policy_version_id: i.policyVersionId, action: i.action, rules_json: JSON.stringify(i.rules), status: i.status, created_at: i.createdAt,
      })
      .execute();
  },
  async list({ status, agencyIds, beforeCreatedAt, limit }) {
    if (agencyIds && agencyIds.length === 0) return [];
    let q = db.selectFrom('review_items').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (status) q = q.where('status', '=', status);
    if (agencyIds) q = q.where('agency_id', 'in', agencyIds);
    if (beforeCreatedAt !== undefined) q = q.where('created_at', '<', beforeCreatedAt);
    return (await q.execute()).map((r) => ({
      id: r.id, eventId: r.event_id, conversationId: r.conversation_id, senderId: r.sender_id, agencyId: r.agency_id,
      policyVersionId: r.policy_version_id, action: r.action, rules: JSON.parse(r.rules_json) as unknown,
      status: r.status as ReviewItem['status'], createdAt: Number(r.created_at),
    }));
  },
});
