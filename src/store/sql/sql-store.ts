/**
 * The Store implemented once over Kysely. Dialect differences are confined to
 * `SqlDialect` (sqlite.ts, postgres.ts): connection set-up, error conversion and
 * row locking.
 */
import { sql, type Kysely, type QueryResult, type Selectable, type Transaction } from 'kysely';
import type { Database, UsersTable, SessionsTable, PolicyVersionsTable, AuditLogTable } from '../schema.js';
import type {
  AgencyStore, AuditFilter, AuditStore, CredentialStore, Dialect, PolicyAck, PolicyStore, PolicyVersion,
  RoleStore, SessionRecord, SessionStore, Store, StoredAuditEntry, UserFilter, UserStore,
} from '../store.js';
import { attachmentStore, conversationStore, messageStore, reviewStore } from './messaging-store.js';
import { identityStore } from './identity-store.js';
import { deviceStore } from './device-store.js';
import type { Agency, PersonType, User, UserStatus } from '../../domain/directory.js';
import type { Role, RoleAssignment } from '../../domain/roles.js';
import { entryHash, toStoredJson, type AuditEntry, type AuditEntryInput } from '../../domain/audit-chain.js';
import { StoreError } from '../errors.js';
import { likePrefix } from './like.js';

export interface SqlDialect {
  readonly name: Dialect;
  /** Converts a driver error to a StoreError, or returns it unchanged. */
  convertError(e: unknown): unknown;
  destroy(): Promise<void>;
  /**
   * Runs a compiled statement at once on the connection, past Kysely's queue
   * (SQLite, whose driver is synchronous). Only for a caller that holds the
   * connection: inside its own transaction.
   */
  readonly runHeld?: (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>;
  /** See Store.durable; absent where a commit is durable before anyone can read it. */
  readonly durable?: () => Promise<void>;
}

type Db = Kysely<Database> | Transaction<Database>;

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  agencyId: r.agency_id,
  personType: r.person_type as PersonType,
  status: r.status as UserStatus,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toSession = (r: Selectable<SessionsTable>): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as SessionRecord['kind'],
  csrfToken: r.csrf_token,
  createdAt: Number(r.created_at),
  lastSeenAt: Number(r.last_seen_at),
  idleExpiresAt: Number(r.idle_expires_at),
  expiresAt: Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  revokedReason: r.revoked_reason,
  ip: r.ip,
  userAgent: r.user_agent,
  deviceId: r.device_id,
});

const toPolicy = (r: Selectable<PolicyVersionsTable>): PolicyVersion => ({
  id: r.id,
  number: Number(r.number),
  packId: r.pack_id,
  version: r.version,
  title: r.title,
  banner: r.banner,
  source: r.source,
  publishedAt: Number(r.published_at),
  publishedBy: r.published_by,
});

/** Stored JSON that no longer parses (tampering) is shown as its raw text, never thrown. */
const parseStored = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { unparseable: text };
  }
};

const toAudit = (r: Selectable<AuditLogTable>): AuditEntry => ({
  seq: Number(r.seq),
  id: r.id,
  at: Number(r.at),
  actorId: r.actor_id,
  actorLabel: r.actor_label,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  agencyId: r.agency_id,
  before: parseStored(r.before_json),
  after: parseStored(r.after_json),
  requestId: r.request_id,
  ip: r.ip,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const agencies = (db: Db): AgencyStore => ({
  async insert(a) {
    await db.insertInto('agencies').values({ id: a.id, code: a.code, name: a.name, created_at: a.createdAt }).execute();
  },
  async get(id) {
    const r = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAgency(r) : null;
  },
  async getByCode(code) {
    const r = await db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
    return r ? toAgency(r) : null;
  },
  async list({ ids }) {
    if (ids && ids.length === 0) return [];
    let q = db.selectFrom('agencies').selectAll().orderBy('code');
    if (ids) q = q.where('id', 'in', ids);
    return (await q.execute()).map(toAgency);
  },
  async update(id, patch) {
    if (patch.name === undefined) return;
    const r = await db.updateTable('agencies').set({ name: patch.name }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new StoreError('not_found', `agency ${id} not found`);
  },
});
const toAgency = (r: { id: string; code: string; name: string; created_at: number }): Agency => ({
  id: r.id,
  code: r.code,
  name: r.name,
  createdAt: Number(r.created_at),
});

const users = (db: Db): UserStore => ({
  async insert(u) {
    await db
      .insertInto('users')
      .values({
        id: u.id, username: u.username, display_name: u.displayName, email: u.email, agency_id: u.agencyId,
        person_type: u.personType, status: u.status, created_at: u.createdAt, updated_at: u.updatedAt,
      })
      .execute();
  },
  async get(id) {
    const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : null;
  },
  async getMany(ids) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (unique.length > 1000) throw new StoreError('invalid_data', 'getMany takes at most 1000 ids');
    const rows = await db.selectFrom('users').selectAll().where('id', 'in', unique).execute();
    return rows.map(toUser);
  },
  async getByUsername(username) {
    const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? toUser(r) : null;
  },
  async list(f: UserFilter) {
    if (f.agencyIds && f.agencyIds.length === 0) return { items: [] };
    let q = db.selectFrom('users').selectAll().orderBy('username').limit(f.limit + 1);
    if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.personType) q = q.where('person_type', '=', f.personType);
    if (f.after) q = q.where('username', '>', f.after);
    if (f.query) {
      const prefix = likePrefix(f.query);
      q = q.where(sql<boolean>`(lower(username) like ${prefix} escape '\\' or lower(display_name) like ${prefix} escape '\\')`);
    }
    const rows = (await q.execute()).map(toUser);
    const more = rows.length > f.limit;
    const items = more ? rows.slice(0, f.limit) : rows;
    return more ? { items, next: items.at(-1)!.username } : { items };
  },
  async update(id, patch) {
    const set: Partial<Selectable<UsersTable>> = { updated_at: patch.updatedAt };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.email !== undefined) set.email = patch.email;
    if (patch.agencyId !== undefined) set.agency_id = patch.agencyId;
    if (patch.personType !== undefined) set.person_type = patch.personType;
    if (patch.status !== undefined) set.status = patch.status;
    const r = await db.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new StoreError('not_found', `user ${id} not found`);
  },
  async countWithRole(role: Role) {
    const r = await db
      .selectFrom('role_assignments')
      .innerJoin('users', 'users.id', 'role_assignments.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .where('users.status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
});

const credentials = (db: Db): CredentialStore => ({
  async get(userId) {
    const r = await db.selectFrom('credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!r) return null;
    return {
      userId: r.user_id,
      passwordHash: r.password_hash,
      mustChange: Number(r.must_change) === 1,
      failedAttempts: Number(r.failed_attempts),
      lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
      updatedAt: Number(r.updated_at),
    };
  },
  async upsert(c) {
    const row = {
      user_id: c.userId,
      password_hash: c.passwordHash,
      must_change: c.mustChange ? 1 : 0,
      failed_attempts: c.failedAttempts,
      locked_until: c.lockedUntil,
      updated_at: c.updatedAt,
    };
    await db
      .insertInto('credentials')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...row }))
      .execute();
  },
  async recordFailure(userId, failedAttempts, lockedUntil, now) {
    await db
      .updateTable('credentials')
      .set({ failed_attempts: failedAttempts, locked_until: lockedUntil, updated_at: now })
      .where('user_id', '=', userId)
      .execute();
  },
  async resetFailures(userId, now) {
    await db
      .updateTable('credentials')
      .set({ failed_attempts: 0, locked_until: null, updated_at: now })
      .where('user_id', '=', userId)
      .execute();
  },
});

const roles = (db: Db): RoleStore => ({
  async listFor(userId) {
    const rows = await db.selectFrom('role_assignments').select(['role', 'scope']).where('user_id', '=', userId).orderBy('role').execute();
    return rows.map((r) => ({ role: r.role as Role, agencyId: r.scope === '*' ? null : r.scope }));
  },
  async grant(userId, a: RoleAssignment, grantedBy, now) {
    await db
      .insertInto('role_assignments')
      .values({ user_id: userId, role: a.role, scope: a.agencyId ?? '*', granted_by: grantedBy, granted_at: now })
      .execute();
  },
  async revoke(userId, a) {
    const r = await db
      .deleteFrom('role_assignments')
      .where('user_id', '=', userId)
      .where('role', '=', a.role)
      .where('scope', '=', a.agencyId ?? '*')
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new StoreError('not_found', `user ${userId} does not hold ${a.role}`);
  },
});

const sessions = (db: Db): SessionStore => ({
  async insert(s) {
    await db
      .insertInto('sessions')
      .values({
        id: s.id, user_id: s.userId, kind: s.kind, csrf_token: s.csrfToken, created_at: s.createdAt,
        last_seen_at: s.lastSeenAt, idle_expires_at: s.idleExpiresAt, expires_at: s.expiresAt,
        revoked_at: s.revokedAt, revoked_reason: s.revokedReason, ip: s.ip, user_agent: s.userAgent, device_id: s.deviceId,
      })
      .execute();
  },
  async get(id) {
    const r = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSession(r) : null;
  },
  async listForUser(userId) {
    const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
    return rows.map(toSession);
  },
  async listLive(userId, now) {
    const rows = await db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('idle_expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toSession);
  },
  async touch(id, lastSeenAt, idleExpiresAt) {
    await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt }).where('id', '=', id).execute();
  },
  async revoke(id, at, reason) {
    const r = await db
      .updateTable('sessions')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async lastSeen(userIds) {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('sessions')
      .select(['user_id', (eb) => eb.fn.max('last_seen_at').as('at')])
      .where('user_id', 'in', userIds)
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.at)]));
  },
  async revokeAllForUser(userId, at, reason) {
    const rows = await db
      .updateTable('sessions')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },
  async revokeForDevice(deviceId, at, reason) {
    const rows = await db
      .updateTable('sessions')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('device_id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'user_id'])
      .execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id }));
  },
  async bindDevice(id, deviceId) {
    const r = await db.updateTable('sessions').set({ device_id: deviceId }).where('id', '=', id).where('device_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
});

const policies = (db: Db): PolicyStore => ({
  async current() {
    const r = await db.selectFrom('policy_versions').selectAll().orderBy('number', 'desc').limit(1).executeTakeFirst();
    return r ? toPolicy(r) : null;
  },
  async get(id) {
    const r = await db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toPolicy(r) : null;
  },
  async list() {
    const rows = await db.selectFrom('policy_versions').selectAll().orderBy('number', 'desc').execute();
    return rows.map((r) => {
      const { source: _source, ...rest } = toPolicy(r);
      return rest;
    });
  },
  async publish(v) {
    const last = await db
      .selectFrom('policy_versions')
      .select((eb) => eb.fn.max('number').as('n'))
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    await db
      .insertInto('policy_versions')
      .values({
        id: v.id, number, pack_id: v.packId, version: v.version, title: v.title, banner: v.banner,
        source: v.source, published_at: v.publishedAt, published_by: v.publishedBy,
      })
      .execute();
    return { ...v, number };
  },
  async insertAck(a: PolicyAck) {
    await db
      .insertInto('policy_acks')
      .values({
        id: a.id, user_id: a.userId, policy_version_id: a.policyVersionId, session_id: a.sessionId,
        ip: a.ip, user_agent: a.userAgent, at: a.at,
      })
      .execute();
  },
  async hasAck(userId, policyVersionId) {
    const r = await db
      .selectFrom('policy_acks')
      .select('id')
      .where('user_id', '=', userId)
      .where('policy_version_id', '=', policyVersionId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  },
  async listAcks({ userId, policyVersionId, limit }) {
    let q = db.selectFrom('policy_acks').selectAll().orderBy('at', 'desc').limit(limit);
    if (userId) q = q.where('user_id', '=', userId);
    if (policyVersionId) q = q.where('policy_version_id', '=', policyVersionId);
    return (await q.execute()).map((r) => ({
      id: r.id, userId: r.user_id, policyVersionId: r.policy_version_id, sessionId: r.session_id,
      ip: r.ip, userAgent: r.user_agent, at: Number(r.at),
    }));
  },
});

const audit = (db: Db, dialect: Dialect, inTransaction: boolean): AuditStore => ({
  async append(e: AuditEntryInput) {
    if (!inTransaction) throw new Error('audit.append must run inside store.transaction');
    const headQuery = db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    // PostgreSQL: lock the head row so concurrent nodes append one at a time.
    // SQLite: transactions begin IMMEDIATE, which already serialises writers.
    const head = await (dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
    const seq = Number(head.seq) + 1;
    const beforeJson = toStoredJson(e.before);
    const afterJson = toStoredJson(e.after);
    const hash = entryHash(head.hash, seq, e, beforeJson, afterJson);
    await db
      .insertInto('audit_log')
      .values({
        seq, id: e.id, at: e.at, actor_id: e.actorId, actor_label: e.actorLabel, action: e.action,
        target_type: e.targetType, target_id: e.targetId, agency_id: e.agencyId, before_json: beforeJson,
        after_json: afterJson, request_id: e.requestId, ip: e.ip, prev_hash: head.hash, hash,
      })
      .execute();
    await db.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    return { ...e, seq, prevHash: head.hash, hash };
  },
  async list(f: AuditFilter) {
    if (f.agencyIds && f.agencyIds.length === 0) return [];
    let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(f.limit);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.targetId) q = q.where('target_id', '=', f.targetId);
    if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds);
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<', f.to);
    if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
    return (await q.execute()).map(toAudit);
  },
  async scan(afterSeq, limit): Promise<StoredAuditEntry[]> {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ entry: toAudit(r), beforeJson: r.before_json, afterJson: r.after_json }));
  },
  async head() {
    const r = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash };
  },
});

/** Wraps every async method so that driver errors leave as StoreErrors. */
function guarded<T extends object>(target: T, convert: (e: unknown) => unknown): T {
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(target)) {
    out[key] = typeof fn === 'function'
      ? async (...args: unknown[]) => {
          try {
            return await (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (e) {
            throw convert(e);
          }
        }
      : fn;
  }
  return out as T;
}

/**
 * The Store over one Kysely handle: the database itself, or a transaction
 * (`inTransaction`), in which case nested `transaction` calls join it.
 */
export function createSqlStore(db: Db, sql: SqlDialect, inTransaction = false): Store {
  const c = (e: unknown) => sql.convertError(e);
  const store: Store = {
    dialect: sql.name,
    agencies: guarded(agencies(db), c),
    users: guarded(users(db), c),
    credentials: guarded(credentials(db), c),
    roles: guarded(roles(db), c),
    sessions: guarded(sessions(db), c),
    policies: guarded(policies(db), c),
    audit: guarded(audit(db, sql.name, inTransaction), c),
    conversations: guarded(conversationStore(db), c),
    messages: guarded(messageStore(db, sql, inTransaction), c),
    attachments: guarded(attachmentStore(db), c),
    reviews: guarded(reviewStore(db), c),
    identity: guarded(identityStore(db), c),
    devices: guarded(deviceStore(db), c),
    async transaction<T>(fn: (tx: Store) => Promise<T>, options?: { onCommitted?: () => void }): Promise<T> {
      if (inTransaction) return fn(store);
      let result: T;
      try {
        result = await (db as Kysely<Database>).transaction().execute((trx) => fn(createSqlStore(trx, sql, true)));
      } catch (e) {
        throw sql.convertError(e);
      }
      // Committed, and the connection handed back; the caller hears of it once it is durable (SQLite: ADR 008). A
      // failed sync is DurabilityLost, not a failed transaction: it committed, and must not be retried.
      options?.onCommitted?.();
      if (sql.durable) await sql.durable();
      return result;
    },
    durable(): Promise<void> {
      return sql.durable ? sql.durable() : Promise.resolve();
    },
    async ping(): Promise<void> {
      try {
        await db.selectFrom('audit_head').select('seq').limit(1).execute();
      } catch (e) {
        throw sql.convertError(e);
      }
    },
    async close(): Promise<void> {
      if (inTransaction) throw new Error('cannot close a transaction-bound store');
      await sql.destroy();
    },
  };
  return store;
}
