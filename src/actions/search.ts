/**
 * Search within one's own conversations. Members see the newest text of a
 * message and nothing of a deleted one (viewOf), and a redacted message only
 * masked; search must not reveal more than the history does, so the store's
 * candidates (matched on every stored body) are folded and checked again
 * against the text members see.
 */
import { AppError } from '../domain/errors.js';
import { viewOf } from '../domain/messaging.js';
import type { ActionContext, Actor } from './context.js';
import { requireMembership } from './conversations.js';
import { requireChatAccess } from './policy.js';

export const SEARCH_MIN_CHARS = 2;
export const SEARCH_MAX_CHARS = 100;

export interface SearchHit {
  conversationId: string;
  messageId: string;
  /** The seq of the message itself (not of the edit that matched), to open it in its history. */
  seq: number;
  senderId: string;
  body: string;
  edited: boolean;
  createdAt: number;
}

export interface SearchPage {
  items: SearchHit[];
  /** Where the next page starts; absent when no more candidates exist. A page may hold fewer than `limit` hits. */
  next?: string;
}

const CURSOR = /^(\d{1,15}):([A-Za-z0-9_-]{1,64})$/;

function parseCursor(after: string): { createdAt: number; id: string } {
  const m = CURSOR.exec(after);
  if (!m) throw new AppError('validation_failed', 'after must be a cursor from a previous page.', { field: 'query.after' });
  return { createdAt: Number(m[1]), id: m[2]! };
}

/** A page of my messages whose visible text contains `query` (case-insensitive), newest first. */
export async function searchMessages(
  ctx: ActionContext,
  actor: Actor,
  input: { query: string; conversationId?: string; after?: string; limit: number },
): Promise<SearchPage> {
  await requireChatAccess(ctx, actor);
  const query = input.query.trim();
  if (query.length < SEARCH_MIN_CHARS || query.length > SEARCH_MAX_CHARS) {
    throw new AppError('validation_failed', `Search for ${SEARCH_MIN_CHARS} to ${SEARCH_MAX_CHARS} characters.`, { field: 'query.q' });
  }
  const before = input.after !== undefined ? parseCursor(input.after) : undefined;
  if (input.conversationId !== undefined) await requireMembership(ctx, actor, input.conversationId);
  const candidates = await ctx.store.messages.searchBodies({
    userId: actor.user.id, needle: query, limit: input.limit,
    ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
    ...(before ? { before } : {}),
  });
  const messageIds = [...new Set(candidates.map((e) => e.messageId))];
  const changes = await ctx.store.messages.changesTo(messageIds);
  // A message is a hit only at the event holding its text now (its last edit,
  // or itself): once, wherever its older texts matched, on this page or another.
  const textNow = new Map<string, string>();
  for (const e of changes) if (e.kind === 'edit') textNow.set(e.messageId, e.id);
  const needle = query.toLowerCase();
  const items: SearchHit[] = [];
  for (const e of candidates) {
    if ((textNow.get(e.messageId) ?? e.messageId) !== e.id) continue;
    const original = e.kind === 'message' ? e : await ctx.store.messages.getMessage(e.messageId);
    if (!original) continue;
    const v = viewOf(original, changes);
    if (v.deleted || v.body === null || !v.body.toLowerCase().includes(needle)) continue;
    items.push({ conversationId: v.conversationId, messageId: e.messageId, seq: v.seq, senderId: v.senderId, body: v.body, edited: v.edited, createdAt: v.createdAt });
  }
  const last = candidates[candidates.length - 1];
  return { items, ...(candidates.length === input.limit && last ? { next: `${last.createdAt}:${last.id}` } : {}) };
}
