/**
 * Sending, editing, deleting and reading messages. A send is acknowledged only
 * after its event has committed; resending with the same client id returns the
 * first result and never duplicates. Events go to members after the commit.
 */
import { AppError } from '../domain/errors.js';
import { viewOf, type AttachmentRef, type ClientEvent, type EventKind, type EventMeta, type Membership, type MessageEvent } from '../domain/messaging.js';
import { parseMentions } from '../domain/mentions.js';
import { isStoreError } from '../store/errors.js';
import type { ReviewItem } from '../store/store.js';
import { StaleMembership } from '../store/writes.js';
import { newId, type ActionContext, type Actor } from './context.js';
import { requireChatAccess } from './policy.js';
import { notAMember, requireCachedMembership, requireMembership } from './conversations.js';
import { attachmentsForSend } from './attachments.js';
import { screen, type PolicyRecord } from './content-policy.js';

export interface SendInput {
  conversationId: string;
  clientId: string;
  body: string;
  /** Uploads of the sender's (POST /api/v1/attachments) that this message carries. */
  attachmentIds?: string[];
  /** Why the sender sends it anyway, when the policy warned (or a block their role may override). Recorded. */
  justification?: string;
}

export interface SendResult {
  event: ClientEvent;
  /** True when this client id had already been committed: nothing new was written. */
  duplicate: boolean;
}

function checkBody(ctx: ActionContext, body: string, allowEmpty: boolean): void {
  if (!allowEmpty && body.trim() === '') throw new AppError('validation_failed', 'The message is empty.', { field: 'body' });
  if (body.length > ctx.config.messageMaxChars) {
    throw new AppError('validation_failed', `The message is ${body.length} characters long; the limit is ${ctx.config.messageMaxChars}.`, {
      field: 'body', limit: ctx.config.messageMaxChars,
    });
  }
}

/** §5.3.5: a user who sends faster than the allowance is told when to retry; nothing is dropped silently. */
function spendAllowance(ctx: ActionContext, actor: Actor): void {
  const waitMs = ctx.messageLimiter.take(actor.user.id);
  if (waitMs > 0) {
    throw new AppError('rate_limited', 'You are sending messages too fast.', { retryAfterSeconds: Math.ceil(waitMs / 1000), retryAfterMs: waitMs });
  }
}

/** The earlier result of a resend, or a conflict if the client id was used for something else. */
async function earlier(ctx: ActionContext, actor: Actor, clientId: string, conversationId: string, kind: EventKind): Promise<SendResult | null> {
  const prior = await ctx.store.messages.getByClientId(actor.user.id, clientId);
  if (!prior) return null;
  if (prior.conversationId !== conversationId || prior.kind !== kind) {
    throw new AppError('conflict', `Client id ${clientId} was already used for another ${prior.kind}.`, { field: 'clientId' });
  }
  const changes = await ctx.store.messages.changesTo([prior.messageId]);
  // The first send may have committed a moment ago and still be waiting for its sync: its ack is not given before that.
  await ctx.store.durable();
  return { event: viewOf(prior, changes), duplicate: true };
}

/** How often a send reads the members again when they keep changing under it before it gives up. */
const MEMBERSHIP_ATTEMPTS = 4;

/**
 * Appends the event in the group commit and delivers it to the members it was
 * committed among. `membership` is what the caller's checks used; if the
 * conversation's membership version at the append is another (someone joined,
 * left or changed role since), nothing is written: the members are read again,
 * `recheck` runs against them, and the append is tried again with their version.
 */
async function commit(
  ctx: ActionContext, actor: Actor, event: Omit<MessageEvent, 'seq'>, attachments: readonly AttachmentRef[], policy: PolicyRecord | null,
  membership: Membership, recheck: (current: Membership) => void,
): Promise<SendResult> {
  const review: ReviewItem | null = policy?.flagged
    ? {
        id: newId(), eventId: event.id, conversationId: event.conversationId, senderId: actor.user.id, agencyId: actor.user.agencyId,
        policyVersionId: policy.policyVersionId, action: policy.action, rules: policy.rules, status: 'open', createdAt: event.createdAt,
      }
    : null;
  const write = { event, attachmentIds: attachments.map((a) => a.id), uploaderId: actor.user.id, review };
  let members = membership;
  let stored: MessageEvent;
  for (let attempt = 1; ; attempt++) {
    try {
      stored = await ctx.writes.append({ ...write, membersVersion: members.version });
      break;
    } catch (e) {
      if (e instanceof StaleMembership) {
        if (attempt === MEMBERSHIP_ATTEMPTS) throw new AppError('conflict', 'The members of this conversation are changing; send again.');
        const current = await ctx.membership.load(ctx.store, event.conversationId);
        if (!current) throw notAMember(event.conversationId);
        recheck(current);
        members = current;
        continue;
      }
      // A resend raced the original on another connection: the first one won.
      if (isStoreError(e, 'unique_violation')) {
        const prior = await earlier(ctx, actor, event.clientId, event.conversationId, event.kind);
        if (prior) return prior;
      }
      throw e;
    }
  }
  ctx.membership.remember(members);
  const changes = stored.kind === 'message' ? [] : await ctx.store.messages.changesTo([stored.messageId]);
  const view = viewOf(stored, changes);
  ctx.events.publish([...members.roles.keys()], { type: 'message', event: view });
  return { event: view, duplicate: false };
}

/**
 * [SND-2] A resend is not looked up before it is checked: that would be a read
 * on every send for the rare resend. It is checked like a first send, and
 * spends the allowance like one (it costs the server a scan like one); if it is
 * refused (a membership, limit or policy refusal: an AppError) or its append
 * finds the client id taken, and the client id was committed before, the first
 * result is returned instead. So a resend of a committed message is answered
 * with its ack even when its sender is over the allowance.
 */
export async function sendMessage(ctx: ActionContext, actor: Actor, input: SendInput): Promise<SendResult> {
  await requireChatAccess(ctx, actor);
  try {
    return await sendNew(ctx, actor, input);
  } catch (e) {
    const prior = e instanceof AppError ? await earlier(ctx, actor, input.clientId, input.conversationId, 'message') : null;
    if (!prior) throw e;
    return prior;
  }
}

async function sendNew(ctx: ActionContext, actor: Actor, input: SendInput): Promise<SendResult> {
  const membership = await requireCachedMembership(ctx, actor, input.conversationId);
  const attachments = await attachmentsForSend(ctx, actor, input.attachmentIds ?? []);
  checkBody(ctx, input.body, attachments.length > 0);
  const mentioned = await lookupMentions(ctx, input.body);
  const mentions = checkSender(ctx, actor, membership, mentioned);
  // The allowance is spent before screening: refused attempts count too, so nobody can make the server scan without limit.
  spendAllowance(ctx, actor);
  const screened = await screen(ctx, actor, membership.kind, input.body, attachments, input.justification);
  const id = newId();
  const meta: EventMeta = {
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(mentions.ids.length > 0 ? { mentions: mentions.ids } : {}),
    ...(mentions.all ? { mentionsAll: true } : {}),
    ...(screened.record.action !== 'allow' || screened.record.findings.length > 0 ? screened.meta : {}),
  };
  return commit(ctx, actor, {
    conversationId: input.conversationId, id, kind: 'message', messageId: id, senderId: actor.user.id, clientId: input.clientId,
    body: input.body, meta: Object.keys(meta).length > 0 ? meta : null, createdAt: ctx.now(),
  }, attachments, screened.record, membership, (current) => checkSender(ctx, actor, current, mentioned));
}

interface MentionLookup {
  /** Users named with @username, members or not. */
  userIds: string[];
  all: boolean;
}

async function lookupMentions(ctx: ActionContext, body: string): Promise<MentionLookup> {
  const parsed = parseMentions(body);
  const userIds: string[] = [];
  for (const name of parsed.usernames) {
    const user = await ctx.store.users.getByUsername(name);
    if (user) userIds.push(user.id);
  }
  return { userIds, all: parsed.all };
}

/**
 * What a write checks against the membership: the sender is a member, and
 * notifying everyone in a large channel is disruptive (§5.3.5), so above the
 * configured size only the channel's owners may. Returns the mentioned members.
 * Pure, so that commit() can run it again against a newer membership.
 */
function checkSender(ctx: ActionContext, actor: Actor, m: Membership, mentioned: MentionLookup | null): { ids: string[]; all: boolean } {
  const role = m.roles.get(actor.user.id);
  if (!role) throw notAMember(m.conversationId);
  if (!mentioned) return { ids: [], all: false };
  const limit = ctx.config.broadcastMentionMaxMembers;
  if (mentioned.all && m.kind === 'channel' && m.roles.size > limit && role !== 'owner') {
    throw new AppError('forbidden', `@all would notify ${m.roles.size} people; in channels of more than ${limit} members only owners may notify everyone.`, {
      limit, members: m.roles.size,
    });
  }
  return { ids: mentioned.userIds.filter((id) => m.roles.has(id)), all: mentioned.all };
}

/** Only the sender edits or deletes, and never a deleted message. */
async function requireOwnMessage(ctx: ActionContext, actor: Actor, conversationId: string, messageId: string): Promise<MessageEvent> {
  const original = await ctx.store.messages.getMessage(messageId);
  if (!original || original.conversationId !== conversationId) throw new AppError('not_found', `Message ${messageId} does not exist here.`, { messageId });
  if (original.senderId !== actor.user.id) throw new AppError('forbidden', 'Only the sender can change a message.');
  const changes = await ctx.store.messages.changesTo([messageId]);
  if (changes.some((c) => c.kind === 'delete')) throw new AppError('conflict', 'The message was deleted.', { messageId });
  return original;
}

/** An edit is a new event; members see the new text, the record keeps the original (§4.2, §4.6). */
export async function editMessage(
  ctx: ActionContext, actor: Actor, input: { conversationId: string; messageId: string; clientId: string; body: string; justification?: string },
): Promise<SendResult> {
  await requireChatAccess(ctx, actor);
  const prior = await earlier(ctx, actor, input.clientId, input.conversationId, 'edit');
  if (prior) return prior;
  const membership = await requireCachedMembership(ctx, actor, input.conversationId);
  checkBody(ctx, input.body, false);
  await requireOwnMessage(ctx, actor, input.conversationId, input.messageId);
  // An edit is screened like a new message: it cannot smuggle in what a send would be refused.
  spendAllowance(ctx, actor);
  const screened = await screen(ctx, actor, membership.kind, input.body, [], input.justification);
  const keep = screened.record.action !== 'allow' || screened.record.findings.length > 0;
  return commit(ctx, actor, {
    conversationId: input.conversationId, id: newId(), kind: 'edit', messageId: input.messageId, senderId: actor.user.id,
    clientId: input.clientId, body: input.body, meta: keep ? screened.meta : null, createdAt: ctx.now(),
  }, [], screened.record, membership, (current) => checkSender(ctx, actor, current, null));
}

/** A deletion hides the message from members; the record keeps it. */
export async function deleteMessage(ctx: ActionContext, actor: Actor, input: { conversationId: string; messageId: string; clientId: string }): Promise<SendResult> {
  await requireChatAccess(ctx, actor);
  const prior = await earlier(ctx, actor, input.clientId, input.conversationId, 'delete');
  if (prior) return prior;
  const membership = await requireCachedMembership(ctx, actor, input.conversationId);
  await requireOwnMessage(ctx, actor, input.conversationId, input.messageId);
  return commit(ctx, actor, {
    conversationId: input.conversationId, id: newId(), kind: 'delete', messageId: input.messageId, senderId: actor.user.id,
    clientId: input.clientId, body: null, meta: null, createdAt: ctx.now(),
  }, [], null, membership, (current) => checkSender(ctx, actor, current, null));
}

export interface HistoryPage {
  events: ClientEvent[];
  /** More events exist beyond this page in the direction asked. */
  hasMore: boolean;
}

/**
 * A page of a conversation's events as members see them. `afterSeq` pages
 * forward (resume after a reconnect), otherwise backward from `beforeSeq`
 * (scrolling up); either way the page is returned oldest first.
 */
export async function history(ctx: ActionContext, actor: Actor, input: { conversationId: string; afterSeq?: number; beforeSeq?: number; limit: number }): Promise<HistoryPage> {
  await requireChatAccess(ctx, actor);
  await requireMembership(ctx, actor, input.conversationId);
  const forward = input.afterSeq !== undefined;
  const rows = await ctx.store.messages.range(input.conversationId, {
    ...(forward ? { afterSeq: input.afterSeq } : {}),
    ...(input.beforeSeq !== undefined ? { beforeSeq: input.beforeSeq } : {}),
    limit: input.limit + 1,
    order: forward ? 'asc' : 'desc',
  });
  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  if (!forward) page.reverse();
  const ids = [...new Set(page.filter((e) => e.kind === 'message').map((e) => e.messageId))];
  const changes = await ctx.store.messages.changesTo(ids);
  return { events: page.map((e) => viewOf(e, changes)), hasMore };
}

/** Raises the read marker and tells the members (read state on every device). */
export async function markRead(ctx: ActionContext, actor: Actor, conversationId: string, seq: number): Promise<number> {
  await requireChatAccess(ctx, actor);
  const { conversation } = await requireMembership(ctx, actor, conversationId);
  const target = Math.min(seq, conversation.lastSeq);
  const marker = await ctx.writes.markRead({ conversationId, userId: actor.user.id, seq: target });
  const members = (await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId);
  ctx.events.publish(members, { type: 'read', conversationId, userId: actor.user.id, seq: marker });
  return marker;
}

/** Typing is ephemeral: nothing is stored. */
export async function setTyping(ctx: ActionContext, actor: Actor, conversationId: string, state: 'start' | 'stop'): Promise<void> {
  await requireMembership(ctx, actor, conversationId);
  const others = (await ctx.store.conversations.listMembers(conversationId)).map((m) => m.userId).filter((id) => id !== actor.user.id);
  ctx.events.publish(others, { type: 'typing', conversationId, userId: actor.user.id, state });
}

/** The limits a client shows before the server would refuse (§5.3.5, §5.3.7). */
export interface ChatSettings {
  messageMaxChars: number;
  attachmentMaxBytes: number;
  attachmentDailyQuotaBytes: number;
  groupMaxMembers: number;
}

export async function chatSettings(ctx: ActionContext, actor: Actor): Promise<ChatSettings> {
  await requireChatAccess(ctx, actor);
  const c = ctx.config;
  return {
    messageMaxChars: c.messageMaxChars, attachmentMaxBytes: c.attachmentMaxBytes,
    attachmentDailyQuotaBytes: c.attachmentDailyQuotaBytes, groupMaxMembers: c.groupMaxMembers,
  };
}
