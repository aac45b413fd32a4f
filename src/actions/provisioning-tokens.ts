/**
 * Provisioning tokens: the bearer secrets an agency identity provider uses on
 * /scim/v2. Statewide system administrators create and revoke them (a token can
 * create and deprovision anyone); only a SHA-256 of each is stored and the
 * secret is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { authorize } from '../domain/roles.js';
import type { ProvisioningToken } from '../store/identity-store.js';
import { audit, newId, type ActionContext, type Actor } from './context.js';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const TOKEN = /^prv_[A-Za-z0-9_-]{43}$/;

/** Statewide user administration and role assignment together: only a statewide system administrator holds both. */
function authorizeManage(actor: Actor): void {
  authorize(actor.principal, 'user.create');
  authorize(actor.principal, 'user.assign_role');
}

export async function createProvisioningToken(ctx: ActionContext, actor: Actor, name: string): Promise<{ token: string; record: ProvisioningToken }> {
  authorizeManage(actor);
  const token = `prv_${randomBytes(32).toString('base64url')}`;
  const record: ProvisioningToken = { id: newId(), name: name.trim(), createdBy: actor.user.id, createdAt: ctx.now(), revokedAt: null, lastUsedAt: null };
  await ctx.store.transaction(async (tx) => {
    await tx.identity.insertToken(record, hashOf(token));
    await audit(tx, ctx, actor, { action: 'provisioning_token.create', targetType: 'provisioning_token', targetId: record.id, after: { name: record.name } });
  });
  return { token, record };
}

export async function listProvisioningTokens(ctx: ActionContext, actor: Actor): Promise<ProvisioningToken[]> {
  authorizeManage(actor);
  return ctx.store.identity.listTokens();
}

export async function revokeProvisioningToken(ctx: ActionContext, actor: Actor, id: string): Promise<void> {
  authorizeManage(actor);
  const token = await ctx.store.identity.getToken(id);
  if (!token) throw new AppError('not_found', 'No such provisioning token.');
  await ctx.store.transaction(async (tx) => {
    if (await tx.identity.revokeToken(id, ctx.now())) {
      await audit(tx, ctx, actor, { action: 'provisioning_token.revoke', targetType: 'provisioning_token', targetId: id, before: { name: token.name } });
    }
  });
}

/** Resolves a presented token to a live record, or throws `unauthenticated` (the same answer for malformed, unknown and revoked). */
export async function authenticateProvisioningToken(ctx: ActionContext, token: string): Promise<ProvisioningToken> {
  if (!TOKEN.test(token)) throw new AppError('unauthenticated', 'The provisioning token is not valid.');
  const record = await ctx.store.identity.tokenByHash(hashOf(token));
  if (!record || record.revokedAt !== null) throw new AppError('unauthenticated', 'The provisioning token is not valid.');
  const now = ctx.now();
  // Written at most once a minute, like session activity.
  if (record.lastUsedAt === null || now - record.lastUsedAt >= 60_000) await ctx.store.identity.touchToken(record.id, now);
  return record;
}
