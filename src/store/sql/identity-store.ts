/** IdentityStore over Kysely: the same SQL on SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, OidcFlowsTable, ProvisioningTokensTable } from '../schema.js';
import type { IdentityStore, OidcFlow, ProvisioningToken } from '../identity-store.js';
import { toUser } from './sql-store.js';

type Db = Kysely<Database> | Transaction<Database>;

const toFlow = (r: Selectable<OidcFlowsTable>): OidcFlow => ({
  id: r.id,
  provider: r.provider,
  state: r.state,
  nonce: r.nonce,
  codeVerifier: r.code_verifier,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

const toToken = (r: Selectable<ProvisioningTokensTable>): ProvisioningToken => ({
  id: r.id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});


export const identityStore = (db: Db): IdentityStore => ({
  async linkOidc(provider, subject, userId, at) {
    await db.insertInto('oidc_links').values({ provider, subject, user_id: userId, created_at: at }).execute();
  },
  async userIdForOidc(provider, subject) {
    const r = await db.selectFrom('oidc_links').select('user_id').where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
    return r?.user_id ?? null;
  },
  async oidcSubjectOf(provider, userId) {
    const r = await db.selectFrom('oidc_links').select('subject').where('provider', '=', provider).where('user_id', '=', userId).executeTakeFirst();
    return r?.subject ?? null;
  },
  async insertFlow(f) {
    await db.insertInto('oidc_flows').values({
      id: f.id, provider: f.provider, state: f.state, nonce: f.nonce, code_verifier: f.codeVerifier,
      created_at: f.createdAt, expires_at: f.expiresAt,
    }).execute();
  },
  async takeFlow(id) {
    const r = await db.deleteFrom('oidc_flows').where('id', '=', id).returningAll().executeTakeFirst();
    return r ? toFlow(r) : null;
  },
  async deleteExpiredFlows(now) {
    const r = await db.deleteFrom('oidc_flows').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async insertToken(t, tokenHash) {
    await db.insertInto('provisioning_tokens').values({
      id: t.id, name: t.name, token_hash: tokenHash, created_by: t.createdBy, created_at: t.createdAt,
      revoked_at: t.revokedAt, last_used_at: t.lastUsedAt,
    }).execute();
  },
  async tokenByHash(tokenHash) {
    const r = await db.selectFrom('provisioning_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? toToken(r) : null;
  },
  async getToken(id) {
    const r = await db.selectFrom('provisioning_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toToken(r) : null;
  },
  async listTokens() {
    return (await db.selectFrom('provisioning_tokens').selectAll().orderBy('created_at').orderBy('id').execute()).map(toToken);
  },
  async revokeToken(id, at) {
    const r = await db.updateTable('provisioning_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async touchToken(id, at) {
    await db.updateTable('provisioning_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },
  async setExternalId(userId, externalId, at) {
    await db.insertInto('scim_users').values({ user_id: userId, external_id: externalId, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ external_id: externalId, updated_at: at }))
      .execute();
  },
  async externalIdOf(userId) {
    const r = await db.selectFrom('scim_users').select('external_id').where('user_id', '=', userId).executeTakeFirst();
    return r?.external_id ?? null;
  },
  async listUsersByIndex({ username, externalId, excludeStatus, offset, limit }) {
    let q = db.selectFrom('users').leftJoin('scim_users', 'scim_users.user_id', 'users.id');
    if (excludeStatus !== undefined) q = q.where('users.status', '!=', excludeStatus);
    if (username !== undefined) q = q.where('users.username', '=', username);
    if (externalId !== undefined) q = q.where('scim_users.external_id', '=', externalId);
    const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = limit === 0 ? [] : await q.selectAll('users').orderBy('users.username').offset(offset).limit(limit).execute();
    return { total: Number(count.n), items: rows.map(toUser) };
  },
  async userIdsInAgency(agencyId, excludeStatus) {
    const rows = await db.selectFrom('users').select('id').where('agency_id', '=', agencyId).where('status', '!=', excludeStatus).orderBy('username').execute();
    return rows.map((r) => r.id);
  },
  async userIdsWithRole(role, agencyId, excludeStatus) {
    const rows = await db.selectFrom('role_assignments').innerJoin('users', 'users.id', 'role_assignments.user_id').select('users.id')
      .where('role_assignments.role', '=', role).where('role_assignments.scope', '=', agencyId ?? '*').where('users.status', '!=', excludeStatus)
      .orderBy('users.username').execute();
    return rows.map((r) => r.id);
  },
  async insertGroup(g) {
    await db.insertInto('scim_groups').values({ id: g.id, display_name: g.displayName, external_id: g.externalId, created_at: g.createdAt }).execute();
  },
  async getGroup(id) {
    const r = await db.selectFrom('scim_groups').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, displayName: r.display_name, externalId: r.external_id, createdAt: Number(r.created_at) } : null;
  },
  async listGroups({ displayName }) {
    let q = db.selectFrom('scim_groups').selectAll().orderBy('display_name');
    if (displayName !== undefined) q = q.where('display_name', '=', displayName);
    return (await q.execute()).map((r) => ({ id: r.id, displayName: r.display_name, externalId: r.external_id, createdAt: Number(r.created_at) }));
  },
  async deleteGroup(id) {
    const r = await db.deleteFrom('scim_groups').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
});
