/** The directory of people: create, update, status changes, roles. Deprovisioning never deletes. */
import type { PersonType, User, UserStatus } from '../domain/directory.js';
import { AppError } from '../domain/errors.js';
import { STATEWIDE_ONLY, authorize, scopeOf, type Role, type RoleAssignment } from '../domain/roles.js';
import type { Page } from '../store/store.js';
import { isStoreError } from '../store/errors.js';
import { hashPassword, oneTimeSecret } from '../auth/password.js';
import { audit, newId, unique, type ActionContext, type Actor } from './context.js';
import { requireAgency } from './agencies.js';
import { requireChatAccess } from './policy.js';
import { checkEmailDomain, parseDomainList } from '../domain/identity.js';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  agencyId: string | null;
  personType: PersonType;
}

export async function requireUser(ctx: ActionContext, id: string): Promise<User> {
  const user = await ctx.store.users.get(id);
  if (!user) throw new AppError('not_found', `User ${id} does not exist.`, { userId: id });
  return user;
}

/**
 * Inserts a user without any credential (they sign in through their agency's
 * identity provider). Runs in the caller's transaction; enforces §4.1's
 * e-mail domains for every way a user is created.
 */
export async function insertUser(ctx: ActionContext, tx: ActionContext['store'], input: NewUser): Promise<User> {
  const now = ctx.now();
  const user: User = {
    id: newId(),
    username: input.username.trim().toLowerCase(),
    displayName: input.displayName.trim(),
    email: input.email?.trim().toLowerCase() ?? null,
    agencyId: input.agencyId,
    personType: input.personType,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  checkEmailDomain(user.email, parseDomainList(ctx.config.allowedEmailDomains));
  await unique('username', user.username, () => tx.users.insert(user));
  return user;
}

/**
 * Inserts a user with a one-time secret they must change at first sign-in.
 * Runs in the caller's transaction; used by createUser, the CSV import and the first-run bootstrap.
 */
export async function insertUserWithSecret(
  ctx: ActionContext,
  tx: ActionContext['store'],
  input: NewUser,
): Promise<{ user: User; secret: string }> {
  const user = await insertUser(ctx, tx, input);
  const secret = oneTimeSecret();
  const passwordHash = await hashPassword(secret, ctx.config.scryptCost);
  await tx.credentials.upsert({ userId: user.id, passwordHash, mustChange: true, failedAttempts: 0, lockedUntil: null, updatedAt: user.createdAt });
  return { user, secret };
}

export async function createUser(ctx: ActionContext, actor: Actor, input: NewUser): Promise<{ user: User; secret: string }> {
  authorize(actor.principal, 'user.create', { agencyId: input.agencyId });
  if (input.agencyId !== null) await requireAgency(ctx, input.agencyId);
  return ctx.store.transaction(async (tx) => {
    const created = await insertUserWithSecret(ctx, tx, input);
    await audit(tx, ctx, actor, { action: 'user.create', targetType: 'user', targetId: created.user.id, agencyId: created.user.agencyId, after: created.user });
    return created;
  });
}

/** Staff read within their scope; anyone else gets not_found, so ids cannot be probed. */
export async function getUser(ctx: ActionContext, actor: Actor, id: string): Promise<User> {
  const user = await ctx.store.users.get(id);
  const scope = scopeOf(actor.principal, 'user.read');
  const visible = user && (id === actor.user.id || scope === 'all' || (user.agencyId !== null && scope.includes(user.agencyId)));
  if (!user || !visible) throw new AppError('not_found', `User ${id} does not exist.`, { userId: id });
  return user;
}

export async function listUsers(
  ctx: ActionContext,
  actor: Actor,
  filter: { agencyId?: string; status?: UserStatus; personType?: PersonType; query?: string; limit: number; after?: string },
): Promise<Page<User>> {
  const scope = scopeOf(actor.principal, 'user.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden', 'Missing permission user.read.', { permission: 'user.read' });
  let agencyIds: string[] | undefined = scope === 'all' ? undefined : scope;
  if (filter.agencyId) agencyIds = agencyIds === undefined || agencyIds.includes(filter.agencyId) ? [filter.agencyId] : [];
  return ctx.store.users.list({ ...filter, agencyIds });
}

export async function updateUser(
  ctx: ActionContext,
  actor: Actor,
  id: string,
  patch: { displayName?: string; email?: string | null; personType?: PersonType; agencyId?: string | null },
): Promise<User> {
  const before = await getUser(ctx, actor, id);
  authorize(actor.principal, 'user.update', { agencyId: before.agencyId });
  if (patch.agencyId !== undefined && patch.agencyId !== before.agencyId) {
    // Moving someone between agencies needs authority over both.
    authorize(actor.principal, 'user.update', { agencyId: patch.agencyId });
    if (patch.agencyId !== null) await requireAgency(ctx, patch.agencyId);
  }
  if (patch.email) checkEmailDomain(patch.email.trim().toLowerCase(), parseDomainList(ctx.config.allowedEmailDomains));
  const clean = {
    ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
    ...(patch.email !== undefined ? { email: patch.email?.trim().toLowerCase() ?? null } : {}),
    ...(patch.personType !== undefined ? { personType: patch.personType } : {}),
    ...(patch.agencyId !== undefined ? { agencyId: patch.agencyId } : {}),
  };
  const after: User = { ...before, ...clean, updatedAt: ctx.now() };
  await ctx.store.transaction(async (tx) => {
    await tx.users.update(id, { ...clean, updatedAt: after.updatedAt });
    const changed = Object.keys(clean) as (keyof typeof clean)[];
    await audit(tx, ctx, actor, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      agencyId: after.agencyId,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return after;
}

async function assertNotLastAdmin(tx: ActionContext['store'], user: User): Promise<void> {
  const roles = await tx.roles.listFor(user.id);
  if (!roles.some((r) => r.role === 'system_admin')) return;
  if ((await tx.users.countWithRole('system_admin')) <= 1) {
    throw new AppError('conflict', 'This is the last active system administrator; appoint another first.');
  }
}

/** Suspends, deprovisions or reactivates. Leaving `active` ends every session at once. */
export async function setUserStatus(ctx: ActionContext, actor: Actor, id: string, status: UserStatus, reason: string): Promise<User> {
  const before = await getUser(ctx, actor, id);
  authorize(actor.principal, 'user.set_status', { agencyId: before.agencyId });
  if (id === actor.user.id) throw new AppError('forbidden', 'You cannot change your own status.');
  if (before.status === status) return before;
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (status !== 'active') {
      await assertNotLastAdmin(tx, before);
      await tx.sessions.revokeAllForUser(id, now, `status_${status}`);
    }
    await tx.users.update(id, { status, updatedAt: now });
    await audit(tx, ctx, actor, {
      action: 'user.set_status', targetType: 'user', targetId: id, agencyId: before.agencyId,
      before: { status: before.status }, after: { status, reason },
    });
  });
  if (status !== 'active') ctx.events.endSessions([{ id: '*', userId: id }], `status_${status}`);
  return { ...before, status, updatedAt: now };
}

export async function listRoles(ctx: ActionContext, actor: Actor, userId: string): Promise<RoleAssignment[]> {
  await getUser(ctx, actor, userId);
  return ctx.store.roles.listFor(userId);
}

/** Separation of duties: nobody changes their own roles. */
function checkRoleChange(actor: Actor, userId: string, assignment: RoleAssignment): void {
  authorize(actor.principal, 'user.assign_role', { agencyId: assignment.agencyId });
  if (userId === actor.user.id) throw new AppError('forbidden', 'You cannot change your own roles.');
  if (STATEWIDE_ONLY.has(assignment.role) && assignment.agencyId !== null) {
    throw new AppError('validation_failed', `${assignment.role} is held statewide only: agencyId must be null.`, { field: 'agencyId' });
  }
  if (assignment.role === 'employee') throw new AppError('validation_failed', 'Every user is an employee already.', { field: 'role' });
}

export async function grantRole(ctx: ActionContext, actor: Actor, userId: string, assignment: RoleAssignment): Promise<RoleAssignment[]> {
  checkRoleChange(actor, userId, assignment);
  const user = await getUser(ctx, actor, userId);
  if (assignment.agencyId !== null) await requireAgency(ctx, assignment.agencyId);
  return ctx.store.transaction(async (tx) => {
    try {
      await tx.roles.grant(userId, assignment, actor.user.id, ctx.now());
    } catch (e) {
      if (isStoreError(e, 'unique_violation')) throw new AppError('already_exists', `The user already holds ${assignment.role} there.`);
      throw e;
    }
    await audit(tx, ctx, actor, { action: 'user.role.grant', targetType: 'user', targetId: userId, agencyId: user.agencyId, after: assignment });
    return tx.roles.listFor(userId);
  });
}

export async function revokeRole(ctx: ActionContext, actor: Actor, userId: string, assignment: RoleAssignment): Promise<RoleAssignment[]> {
  checkRoleChange(actor, userId, assignment);
  const user = await getUser(ctx, actor, userId);
  return ctx.store.transaction(async (tx) => {
    if (assignment.role === 'system_admin') await assertNotLastAdmin(tx, user);
    try {
      await tx.roles.revoke(userId, assignment);
    } catch (e) {
      if (isStoreError(e, 'not_found')) throw new AppError('not_found', `The user does not hold ${assignment.role} there.`);
      throw e;
    }
    await audit(tx, ctx, actor, { action: 'user.role.revoke', targetType: 'user', targetId: userId, agencyId: user.agencyId, before: assignment });
    return tx.roles.listFor(userId);
  });
}

export type { Role };

export interface DirectoryEntry {
  id: string;
  username: string;
  displayName: string;
  agencyId: string | null;
}

/**
 * The people a user can start a conversation with: active State users across
 * agencies (§4.1: State identities only). Part of chat, so it sits behind the
 * policy acknowledgement gate.
 */
export async function searchDirectory(ctx: ActionContext, actor: Actor, input: { query?: string; limit: number; after?: string }): Promise<Page<DirectoryEntry>> {
  await requireChatAccess(ctx, actor);
  const page = await ctx.store.users.list({ status: 'active', limit: input.limit, ...(input.query ? { query: input.query } : {}), ...(input.after ? { after: input.after } : {}) });
  return {
    items: page.items.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, agencyId: u.agencyId })),
    ...(page.next ? { next: page.next } : {}),
  };
}

/** Names for people met in chat (members, senders) by id, whatever their status: old messages keep their sender's name. */
export async function lookupPeople(ctx: ActionContext, actor: Actor, ids: readonly string[]): Promise<DirectoryEntry[]> {
  await requireChatAccess(ctx, actor);
  return (await ctx.store.users.getMany(ids)).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, agencyId: u.agencyId }));
}
