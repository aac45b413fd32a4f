/**
 * Conversations: direct (1:1), ad-hoc groups (§5.1.3 brainstorming) and
 * agency channels. Conversations may cross agencies, between State users only.
 * Membership changes are events in the conversation's log, so the record shows
 * who could read what and when.
 */
import { AppError } from '../domain/errors.js';
import { can } from '../domain/roles.js';
import { directKey, type Conversation, type Member, type Membership } from '../domain/messaging.js';
import type { ConversationView, PresenceState } from '../domain/events.js';
import type { ConversationSummary, Store } from '../store/store.js';
import { isStoreError } from '../store/errors.js';
import { newId, type ActionContext, type Actor } from './context.js';
import { requireChatAccess } from './policy.js';

const view = (c: Conversation, memberIds: string[]): ConversationView => ({
  id: c.id, kind: c.kind, name: c.name, topic: c.topic, agencyId: c.agencyId, lastSeq: c.lastSeq, lastEventAt: c.lastEventAt, memberIds,
});

/** Active users only: nobody starts a conversation with a suspended or unknown account. */
async function requireActiveUsers(store: Store, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const u = await store.users.get(id);
    if (!u || u.status !== 'active') throw new AppError('not_found', `User ${id} does not exist or is not active.`, { userId: id });
  }
}

export const notAMember = (conversationId: string): AppError =>
  new AppError('not_found', `Conversation ${conversationId} does not exist or you are not a member.`, { conversationId });

/** Fetches a conversation the actor belongs to; anyone else gets not_found. */
export async function requireMembership(ctx: ActionContext, actor: Actor, conversationId: string): Promise<{ conversation: Conversation; member: Member }> {
  const member = await ctx.store.conversations.getMember(conversationId, actor.user.id);
  const conversation = member && member.leftAt === null ? await ctx.store.conversations.get(conversationId) : null;
  if (!member || !conversation || member.leftAt !== null) throw notAMember(conversationId);
  return { conversation, member };
}

/**
 * The membership of a conversation the actor belongs to, from this node's
 * cache (membership-cache.ts). Only a yes is taken from the cache; a no is read
 * again, so a member who has just joined is not refused. The write that relies
 * on it must confirm it against the version its append returns (messages.ts).
 */
export async function requireCachedMembership(ctx: ActionContext, actor: Actor, conversationId: string): Promise<Membership> {
  let m = await ctx.membership.get(ctx.store, conversationId);
  if (m && !m.roles.has(actor.user.id)) m = await ctx.membership.load(ctx.store, conversationId);
  if (!m || !m.roles.has(actor.user.id)) throw notAMember(conversationId);
  return m;
}

async function appendJoin(tx: Store, ctx: ActionContext, conversationId: string, actorId: string, userId: string): Promise<void> {
  const id = newId();
  await tx.messages.append({
    conversationId, id, kind: 'join', messageId: id, senderId: actorId, clientId: `join:${id}`, body: null, meta: { userId }, createdAt: ctx.now(),
  });
}

async function announce(ctx: ActionContext, conversationId: string): Promise<ConversationView> {
  const c = await ctx.store.conversations.get(conversationId);
  const members = (await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId);
  const v = view(c!, members);
  ctx.events.publish(members, { type: 'conversation', conversation: v });
  return v;
}

/** Opens (or returns) the direct conversation between the actor and another user. */
export async function openDirect(ctx: ActionContext, actor: Actor, otherUserId: string): Promise<ConversationView> {
  await requireChatAccess(ctx, actor);
  if (otherUserId === actor.user.id) throw new AppError('validation_failed', 'A direct conversation needs another person.', { field: 'userId' });
  await requireActiveUsers(ctx.store, [otherUserId]);
  const key = directKey(actor.user.id, otherUserId);
  const existing = await ctx.store.conversations.getByDirectKey(key);
  if (existing) return view(existing, [actor.user.id, otherUserId].sort());
  const now = ctx.now();
  const conversation: Conversation = {
    id: newId(), kind: 'direct', name: null, topic: null, agencyId: null, createdBy: actor.user.id, createdAt: now, lastSeq: 0, lastEventAt: now,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await tx.conversations.insert(conversation, key);
      for (const userId of [actor.user.id, otherUserId]) {
        await tx.conversations.upsertMember({ conversationId: conversation.id, userId, role: 'owner', joinedAt: now, leftAt: null, readSeq: 0 });
      }
    });
  } catch (e) {
    // Both people opened it at the same moment: the other insert won.
    if (!isStoreError(e, 'unique_violation')) throw e;
    const winner = await ctx.store.conversations.getByDirectKey(key);
    if (!winner) throw e;
    return view(winner, [actor.user.id, otherUserId].sort());
  }
  return announce(ctx, conversation.id);
}

export async function createGroup(ctx: ActionContext, actor: Actor, input: { name?: string | null; memberIds: string[] }): Promise<ConversationView> {
  await requireChatAccess(ctx, actor);
  const others = [...new Set(input.memberIds)].filter((id) => id !== actor.user.id);
  if (others.length === 0) throw new AppError('validation_failed', 'A group needs at least one other member.', { field: 'memberIds' });
  if (others.length + 1 > ctx.config.groupMaxMembers) {
    throw new AppError('validation_failed', `A group may have at most ${ctx.config.groupMaxMembers} members.`, { field: 'memberIds', limit: ctx.config.groupMaxMembers });
  }
  await requireActiveUsers(ctx.store, others);
  const now = ctx.now();
  const conversation: Conversation = {
    id: newId(), kind: 'group', name: input.name?.trim() || null, topic: null, agencyId: null, createdBy: actor.user.id,
    createdAt: now, lastSeq: 0, lastEventAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.conversations.insert(conversation);
    for (const userId of [actor.user.id, ...others]) {
      await tx.conversations.upsertMember({
        conversationId: conversation.id, userId, role: userId === actor.user.id ? 'owner' : 'member', joinedAt: now, leftAt: null, readSeq: 0,
      });
      await appendJoin(tx, ctx, conversation.id, actor.user.id, userId);
    }
  });
  return announce(ctx, conversation.id);
}

/** A named channel owned by an agency. Its members create it for their own agency; agency administrators for theirs. */
export async function createChannel(ctx: ActionContext, actor: Actor, input: { name: string; topic?: string | null; agencyId: string }): Promise<ConversationView> {
  await requireChatAccess(ctx, actor);
  if (input.agencyId !== actor.user.agencyId && !can(actor.principal, 'user.update', { agencyId: input.agencyId })) {
    throw new AppError('forbidden', 'Channels are created for your own agency.', { field: 'agencyId' });
  }
  const name = input.name.trim().toLowerCase();
  const clash = await ctx.store.conversations.listChannels({ agencyIds: [input.agencyId], query: name, limit: 50 });
  if (clash.some((c) => c.name === name)) throw new AppError('already_exists', `The agency already has a channel "${name}".`, { field: 'name' });
  const now = ctx.now();
  const conversation: Conversation = {
    id: newId(), kind: 'channel', name, topic: input.topic?.trim() || null, agencyId: input.agencyId, createdBy: actor.user.id,
    createdAt: now, lastSeq: 0, lastEventAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.conversations.insert(conversation);
    await tx.conversations.upsertMember({ conversationId: conversation.id, userId: actor.user.id, role: 'owner', joinedAt: now, leftAt: null, readSeq: 0 });
    await appendJoin(tx, ctx, conversation.id, actor.user.id, actor.user.id);
  });
  return announce(ctx, conversation.id);
}

/** Joins a channel (open to every State user), or adds people to a group or channel one belongs to. */
export async function addMembers(ctx: ActionContext, actor: Actor, conversationId: string, userIds: string[]): Promise<ConversationView> {
  await requireChatAccess(ctx, actor);
  const self = userIds.length === 1 && userIds[0] === actor.user.id;
  let conversation: Conversation | null;
  if (self) {
    conversation = await ctx.store.conversations.get(conversationId);
    if (!conversation || conversation.kind !== 'channel') {
      throw new AppError('not_found', `Channel ${conversationId} does not exist.`, { conversationId });
    }
  } else {
    conversation = (await requireMembership(ctx, actor, conversationId)).conversation;
  }
  if (conversation.kind === 'direct') throw new AppError('conflict', 'A direct conversation has exactly two members; start a group instead.');
  const current = new Set((await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId));
  const joining = [...new Set(userIds)].filter((id) => !current.has(id));
  if (joining.length === 0) return view(conversation, [...current]);
  if (conversation.kind === 'group' && current.size + joining.length > ctx.config.groupMaxMembers) {
    throw new AppError('validation_failed', `A group may have at most ${ctx.config.groupMaxMembers} members.`, { field: 'userIds', limit: ctx.config.groupMaxMembers });
  }
  await requireActiveUsers(ctx.store, joining);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    for (const userId of joining) {
      const before = await tx.conversations.getMember(conversationId, userId);
      await tx.conversations.upsertMember({ conversationId, userId, role: before?.role ?? 'member', joinedAt: now, leftAt: null, readSeq: before?.readSeq ?? 0 });
      await appendJoin(tx, ctx, conversationId, actor.user.id, userId);
    }
  });
  const v = await announce(ctx, conversationId);
  return v;
}

export async function leaveConversation(ctx: ActionContext, actor: Actor, conversationId: string): Promise<void> {
  const { conversation } = await requireMembership(ctx, actor, conversationId);
  if (conversation.kind === 'direct') throw new AppError('conflict', 'A direct conversation cannot be left.');
  const now = ctx.now();
  const id = newId();
  const remaining = (await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId);
  await ctx.store.transaction(async (tx) => {
    await tx.messages.append({
      conversationId, id, kind: 'leave', messageId: id, senderId: actor.user.id, clientId: `leave:${id}`, body: null, meta: { userId: actor.user.id }, createdAt: now,
    });
    await tx.conversations.markLeft(conversationId, actor.user.id, now);
  });
  ctx.events.publish(remaining, { type: 'conversation.left', conversationId, userId: actor.user.id });
}

export async function listMyConversations(ctx: ActionContext, actor: Actor, limit: number): Promise<ConversationSummary[]> {
  await requireChatAccess(ctx, actor);
  return ctx.store.conversations.listForUser(actor.user.id, limit);
}

export async function getConversation(ctx: ActionContext, actor: Actor, conversationId: string): Promise<ConversationView> {
  await requireChatAccess(ctx, actor);
  const { conversation } = await requireMembership(ctx, actor, conversationId);
  const members = (await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId);
  return view(conversation, members);
}

export async function listChannels(ctx: ActionContext, actor: Actor, input: { agencyId?: string; query?: string; limit: number }): Promise<Conversation[]> {
  await requireChatAccess(ctx, actor);
  return ctx.store.conversations.listChannels({ ...(input.agencyId ? { agencyIds: [input.agencyId] } : {}), ...(input.query ? { query: input.query } : {}), limit: input.limit });
}

/** Presence of the people a user asks about (§8.5); the directory is State-wide, so any active user may be asked about. */
export async function getPresence(ctx: ActionContext, actor: Actor, userIds: string[]): Promise<PresenceState[]> {
  await requireChatAccess(ctx, actor);
  return ctx.presence.presenceOf([...new Set(userIds)]);
}
