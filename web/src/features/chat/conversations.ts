/** The conversation list's rules, pure: order, titles, unread counts from live events. */
import type { ClientEvent, ConversationSummary, ConversationView } from '../../app/wire';

/** Most recently active first; ties by id so the order is stable. */
export function sortByRecent(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.lastEventAt - a.lastEventAt || a.id.localeCompare(b.id));
}

/**
 * A live event moves its conversation up and, when someone else wrote a
 * message past my read marker, counts it as unread (SPEC [RD-1]).
 */
export function withLiveEvent(list: readonly ConversationSummary[], e: ClientEvent, me: string): ConversationSummary[] {
  return sortByRecent(list.map((c) => {
    // An event at or below lastSeq was already counted (a duplicate or a resumed one the list knew of).
    if (c.id !== e.conversationId || e.seq <= c.lastSeq) return c;
    const unread = e.kind === 'message' && e.senderId !== me && e.seq > c.readSeq ? c.unread + 1 : c.unread;
    return { ...c, lastSeq: e.seq, lastEventAt: Math.max(c.lastEventAt, e.createdAt), unread };
  }));
}

/** My read marker moved (here or on another device): nothing up to it is unread any more. */
export function withMyRead(list: readonly ConversationSummary[], conversationId: string, seq: number): ConversationSummary[] {
  return list.map((c) => (c.id === conversationId && seq > c.readSeq ? { ...c, readSeq: seq, unread: seq >= c.lastSeq ? 0 : c.unread } : c));
}

/** A conversation I just created or was added to, as a list row. */
export function summaryOf(v: ConversationView, role = 'member'): ConversationSummary {
  return { id: v.id, kind: v.kind, name: v.name, topic: v.topic, agencyId: v.agencyId, lastSeq: v.lastSeq, lastEventAt: v.lastEventAt, role, readSeq: v.lastSeq, unread: 0 };
}

/** What a conversation is called: its name, else the other people in it by name. */
export function titleOf(c: Pick<ConversationSummary, 'name' | 'kind'>, memberIds: readonly string[] | undefined, me: string, nameOf: (id: string) => string): string {
  if (c.name) return c.name;
  const others = (memberIds ?? []).filter((id) => id !== me);
  if (others.length === 0) return memberIds ? 'Just you' : c.kind === 'direct' ? 'Direct message' : 'Group';
  return others.map(nameOf).join(', ');
}
