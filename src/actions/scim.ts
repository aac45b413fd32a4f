/**
 * Provisioning through SCIM: what an agency identity provider may do to the
 * directory with a provisioning token. Every change is audited in its
 * transaction under the label `scim:<token name>`. Records are never deleted:
 * DELETE deprovisions. System administrators are managed in Parley only.
 */
import { AppError } from '../domain/errors.js';
import { PERSON_TYPES, type PersonType, type User, type UserStatus } from '../domain/directory.js';
import { ROLES, STATEWIDE_ONLY, type Role, type RoleAssignment } from '../domain/roles.js';
import { checkEmailDomain, isEmail, parseDomainList } from '../domain/identity.js';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { ProvisioningToken, ScimGroup } from '../store/identity-store.js';
import type { GroupMeaning, ScimUserInput } from '../scim/protocol.js';
import { audit, newId, type ActionContext } from './context.js';
import { insertUser } from './users.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const GONE: UserStatus = 'deprovisioned';

export interface ScimUser {
  user: User;
  externalId: string | null;
  agencyCode: string | null;
}

const label = (token: ProvisioningToken): string => `scim:${token.name}`;
const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });

async function agencyIdOf(store: Store, code: string | null | undefined): Promise<string | null | undefined> {
  if (code === undefined) return undefined;
  if (code === null) return null;
  const agency = await store.agencies.getByCode(code.toUpperCase());
  if (!agency) throw invalid('organization', `There is no agency ${code}.`);
  return agency.id;
}

function personTypeOf(userType: string | undefined): PersonType | undefined {
  if (userType === undefined) return undefined;
  if (!(PERSON_TYPES as readonly string[]).includes(userType)) throw invalid('userType', `userType must be one of ${PERSON_TYPES.join(', ')} (§8.3).`);
  return userType as PersonType;
}

function checkEmail(ctx: ActionContext, email: string | null | undefined): string | null | undefined {
  if (email === undefined || email === null) return email;
  const clean = email.toLowerCase();
  if (!isEmail(clean)) throw invalid('emails', `${clean.slice(0, 254)} is not an e-mail address.`);
  checkEmailDomain(clean, parseDomainList(ctx.config.allowedEmailDomains), 'emails');
  return clean;
}

async function view(store: Store, user: User): Promise<ScimUser> {
  const agency = user.agencyId ? await store.agencies.get(user.agencyId) : null;
  return { user, externalId: await store.identity.externalIdOf(user.id), agencyCode: agency?.code ?? null };
}

/** A user as SCIM sees it: deprovisioned users are gone (404), though their record stays. */
async function requireScimUser(store: Store, id: string): Promise<User> {
  const user = await store.users.get(id);
  if (!user || user.status === GONE) throw new AppError('not_found', `User ${id.slice(0, 64)} not found.`);
  return user;
}

async function refuseSystemAdmin(store: Store, user: User): Promise<void> {
  if ((await store.roles.listFor(user.id)).some((r) => r.role === 'system_admin')) {
    throw new AppError('forbidden', 'System administrators are managed in Parley, not by provisioning.');
  }
}

export async function scimCreateUser(ctx: ActionContext, token: ProvisioningToken, input: ScimUserInput & { userName: string; displayName: string; active: boolean }): Promise<ScimUser> {
  const username = input.userName.toLowerCase();
  if (!USERNAME.test(username)) throw invalid('userName', 'userName must be 2-64 characters of a-z, 0-9, ".", "_" or "-".');
  const personType = personTypeOf(input.userType) ?? 'employee';
  const email = checkEmail(ctx, input.email) ?? null;
  const agencyId = (await agencyIdOf(ctx.store, input.organization)) ?? null;
  const user = await ctx.store.transaction(async (tx) => {
    let u = await insertUser(ctx, tx, { username, displayName: input.displayName, email, agencyId, personType });
    if (input.externalId) await tx.identity.setExternalId(u.id, input.externalId, u.createdAt);
    if (!input.active) {
      await tx.users.update(u.id, { status: 'suspended', updatedAt: u.createdAt });
      u = { ...u, status: 'suspended' };
    }
    await audit(tx, ctx, null, { actorLabel: label(token), action: 'user.create', targetType: 'user', targetId: u.id, agencyId, after: { ...u, externalId: input.externalId ?? null, via: 'scim' } });
    return u;
  });
  return view(ctx.store, user);
}

export async function scimGetUser(ctx: ActionContext, id: string): Promise<ScimUser> {
  return view(ctx.store, await requireScimUser(ctx.store, id));
}

export async function scimListUsers(
  ctx: ActionContext,
  filter: { username?: string; externalId?: string; offset: number; limit: number },
): Promise<{ total: number; items: ScimUser[] }> {
  const page = await ctx.store.identity.listUsersByIndex({
    ...(filter.username !== undefined ? { username: filter.username.toLowerCase() } : {}),
    ...(filter.externalId !== undefined ? { externalId: filter.externalId } : {}),
    excludeStatus: GONE, offset: filter.offset, limit: filter.limit,
  });
  return { total: page.total, items: await Promise.all(page.items.map((u) => view(ctx.store, u))) };
}

/** Applies a PUT (every field given) or a PATCH (some fields) to a user, in one audited transaction. */
export async function scimUpdateUser(ctx: ActionContext, token: ProvisioningToken, id: string, input: ScimUserInput): Promise<ScimUser> {
  const before = await requireScimUser(ctx.store, id);
  // Usernames appear in the audit log and in every message's history: Parley never renames.
  if (input.userName !== undefined && input.userName.toLowerCase() !== before.username) {
    throw new AppError('conflict', 'userName cannot be changed in Parley.', { scimType: 'mutability' });
  }
  const email = checkEmail(ctx, input.email);
  const agencyId = await agencyIdOf(ctx.store, input.organization);
  const personType = personTypeOf(input.userType);
  const patch = {
    ...(input.displayName !== undefined && input.displayName !== before.displayName ? { displayName: input.displayName } : {}),
    ...(email !== undefined && email !== before.email ? { email } : {}),
    ...(agencyId !== undefined && agencyId !== before.agencyId ? { agencyId } : {}),
    ...(personType !== undefined && personType !== before.personType ? { personType } : {}),
  };
  const status: UserStatus | undefined = input.active === undefined ? undefined : input.active ? 'active' : 'suspended';
  const statusChanges = status !== undefined && status !== before.status;
  if (statusChanges) await refuseSystemAdmin(ctx.store, before);
  const now = ctx.now();
  const after: User = { ...before, ...patch, ...(statusChanges ? { status: status! } : {}), updatedAt: now };
  await ctx.store.transaction(async (tx) => {
    const changed = Object.keys(patch) as (keyof typeof patch)[];
    if (changed.length > 0) {
      await tx.users.update(id, { ...patch, updatedAt: now });
      await audit(tx, ctx, null, {
        actorLabel: label(token), action: 'user.update', targetType: 'user', targetId: id, agencyId: after.agencyId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    if (statusChanges) await setStatus(tx, ctx, token, before, status!);
    if (input.externalId !== undefined) await tx.identity.setExternalId(id, input.externalId, now);
  });
  if (statusChanges && status !== 'active') ctx.events.endSessions([{ id: '*', userId: id }], `status_${status}`);
  return view(ctx.store, after);
}

/** Leaving `active` ends every session at once, as in the directory. */
async function setStatus(tx: Store, ctx: ActionContext, token: ProvisioningToken, user: User, status: UserStatus): Promise<void> {
  const now = ctx.now();
  if (status !== 'active') await tx.sessions.revokeAllForUser(user.id, now, `status_${status}`);
  await tx.users.update(user.id, { status, updatedAt: now });
  await audit(tx, ctx, null, {
    actorLabel: label(token), action: 'user.set_status', targetType: 'user', targetId: user.id, agencyId: user.agencyId,
    before: { status: user.status }, after: { status, reason: 'scim' },
  });
}

/** DELETE: deprovisions; the record and everything it did stay. */
export async function scimDeprovisionUser(ctx: ActionContext, token: ProvisioningToken, id: string): Promise<void> {
  const user = await requireScimUser(ctx.store, id);
  await refuseSystemAdmin(ctx.store, user);
  await ctx.store.transaction((tx) => setStatus(tx, ctx, token, user, GONE));
  ctx.events.endSessions([{ id: '*', userId: user.id }], `status_${GONE}`);
}

// ---- Groups ---------------------------------------------------------------

export interface ScimGroupView {
  group: ScimGroup;
  members: string[];
}

/** Checks a group's meaning against the directory: the agency exists; the role is one a provider may grant. */
async function resolveMeaning(store: Store, m: GroupMeaning): Promise<{ kind: 'agency'; agencyId: string } | { kind: 'role'; assignment: RoleAssignment }> {
  const agencyId = m.code === null ? null : (await store.agencies.getByCode(m.code))?.id;
  if (agencyId === undefined) throw invalid('displayName', `There is no agency ${m.code}.`);
  if (m.kind === 'agency') return { kind: 'agency', agencyId: agencyId! };
  const role = m.role as Role;
  if (!(ROLES as readonly string[]).includes(role) || role === 'employee' || STATEWIDE_ONLY.has(role)) {
    throw invalid('displayName', `${m.role} is not a role provisioning may grant.`);
  }
  return { kind: 'role', assignment: { role, agencyId } };
}

async function groupView(store: Store, group: ScimGroup, meaning: GroupMeaning): Promise<ScimGroupView> {
  const r = await resolveMeaning(store, meaning);
  const members = r.kind === 'agency'
    ? await store.identity.userIdsInAgency(r.agencyId, GONE)
    : await store.identity.userIdsWithRole(r.assignment.role, r.assignment.agencyId, GONE);
  return { group, members };
}

async function changeMembers(tx: Store, ctx: ActionContext, token: ProvisioningToken, meaning: GroupMeaning, add: string[], remove: string[]): Promise<void> {
  const r = await resolveMeaning(tx, meaning);
  const now = ctx.now();
  for (const [ids, adding] of [[add, true], [remove, false]] as const) {
    for (const id of ids) {
      const user = await tx.users.get(id);
      if (!user || user.status === GONE) throw invalid('members', `There is no user ${id.slice(0, 64)}.`);
      if (r.kind === 'agency') {
        const target = adding ? r.agencyId : user.agencyId === r.agencyId ? null : user.agencyId;
        if (target === user.agencyId) continue;
        await tx.users.update(id, { agencyId: target, updatedAt: now });
        await audit(tx, ctx, null, { actorLabel: label(token), action: 'user.update', targetType: 'user', targetId: id, agencyId: target ?? user.agencyId, before: { agencyId: user.agencyId }, after: { agencyId: target } });
        continue;
      }
      const held = (await tx.roles.listFor(id)).some((a) => a.role === r.assignment.role && a.agencyId === r.assignment.agencyId);
      if (adding && !held) {
        await tx.roles.grant(id, r.assignment, null, now);
        await audit(tx, ctx, null, { actorLabel: label(token), action: 'user.role.grant', targetType: 'user', targetId: id, agencyId: user.agencyId, after: r.assignment });
      } else if (!adding && held) {
        await tx.roles.revoke(id, r.assignment);
        await audit(tx, ctx, null, { actorLabel: label(token), action: 'user.role.revoke', targetType: 'user', targetId: id, agencyId: user.agencyId, before: r.assignment });
      }
    }
  }
}

export async function scimCreateGroup(
  ctx: ActionContext, token: ProvisioningToken, input: { displayName: string; externalId: string | null; members: string[] }, meaning: GroupMeaning,
): Promise<ScimGroupView> {
  await resolveMeaning(ctx.store, meaning);
  const group: ScimGroup = { id: newId(), displayName: input.displayName, externalId: input.externalId, createdAt: ctx.now() };
  await ctx.store.transaction(async (tx) => {
    try {
      await tx.identity.insertGroup(group);
    } catch (e) {
      if (isStoreError(e, 'unique_violation')) throw new AppError('already_exists', `The group ${group.displayName} exists.`);
      throw e;
    }
    await audit(tx, ctx, null, { actorLabel: label(token), action: 'scim.group.create', targetType: 'scim_group', targetId: group.id, after: group });
    await changeMembers(tx, ctx, token, meaning, input.members, []);
  });
  return groupView(ctx.store, group, meaning);
}

export async function requireGroup(ctx: ActionContext, id: string): Promise<ScimGroup> {
  const group = await ctx.store.identity.getGroup(id);
  if (!group) throw new AppError('not_found', `Group ${id.slice(0, 64)} not found.`);
  return group;
}

export async function scimGetGroup(ctx: ActionContext, group: ScimGroup, meaning: GroupMeaning): Promise<ScimGroupView> {
  return groupView(ctx.store, group, meaning);
}

export async function scimListGroups(ctx: ActionContext, displayName?: string): Promise<ScimGroup[]> {
  return ctx.store.identity.listGroups(displayName === undefined ? {} : { displayName });
}

export async function scimPatchGroup(
  ctx: ActionContext, token: ProvisioningToken, group: ScimGroup, meaning: GroupMeaning, change: { add: string[]; remove: string[]; displayName?: string },
): Promise<ScimGroupView> {
  // The name is the mapping; renaming would silently change what membership means.
  if (change.displayName !== undefined && change.displayName !== group.displayName) {
    throw new AppError('conflict', 'A group\'s displayName is its meaning in Parley and cannot change.', { scimType: 'mutability' });
  }
  await ctx.store.transaction((tx) => changeMembers(tx, ctx, token, meaning, change.add, change.remove));
  return groupView(ctx.store, group, meaning);
}

/** PUT: the members become exactly the given ones (the name, being the meaning, must stay). */
export async function scimReplaceGroup(
  ctx: ActionContext, token: ProvisioningToken, group: ScimGroup, meaning: GroupMeaning, input: { displayName: string; externalId: string | null; members: string[] },
): Promise<ScimGroupView> {
  if (input.displayName !== group.displayName) {
    throw new AppError('conflict', 'A group\'s displayName is its meaning in Parley and cannot change.', { scimType: 'mutability' });
  }
  await ctx.store.transaction(async (tx) => {
    const { members } = await groupView(tx, group, meaning);
    const wanted = new Set(input.members);
    await changeMembers(tx, ctx, token, meaning, input.members.filter((id) => !members.includes(id)), members.filter((id) => !wanted.has(id)));
  });
  return groupView(ctx.store, group, meaning);
}

/** Deleting a role group takes the role from its holders; deleting an agency group leaves people in their agency. */
export async function scimDeleteGroup(ctx: ActionContext, token: ProvisioningToken, group: ScimGroup, meaning: GroupMeaning): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    if (meaning.kind === 'role') {
      const { members } = await groupView(tx, group, meaning);
      await changeMembers(tx, ctx, token, meaning, [], members);
    }
    await tx.identity.deleteGroup(group.id);
    await audit(tx, ctx, null, { actorLabel: label(token), action: 'scim.group.delete', targetType: 'scim_group', targetId: group.id, before: group });
  });
}
