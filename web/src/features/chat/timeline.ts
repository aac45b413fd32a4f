/**
 * One conversation's events as the client holds them, and the bookkeeping the
 * protocol asks of a client (SPEC [DLV-3]): keep the highest contiguous `seq`,
 * drop duplicates, notice gaps. Pure and immutable, so it is tested without a
 * socket and React can compare by reference.
 */
import type { ClientEvent } from '../../app/wire';
import type { AttachmentRef } from '../../../../src/domain/messaging.js';

export interface Timeline {
  /** Events by seq. Live delivery is at most once and may reorder, so this is keyed, not appended. */
  readonly bySeq: ReadonlyMap<number, ClientEvent>;
  /** The seq just below the oldest event held: older pages extend it downwards. */
  readonly floor: number;
  /** Whether the server has older events than `floor` (the backward page's `hasMore`). */
  readonly hasOlder: boolean;
}

/** A timeline from the newest page of history (oldest first), as the `history` frame gives it. */
export function fromNewestPage(events: readonly ClientEvent[], hasMore: boolean): Timeline {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  return { bySeq, floor: events.length > 0 ? events[0]!.seq - 1 : 0, hasOlder: hasMore };
}

/** Adds events (live, resumed or older); one already held is a duplicate and changes nothing. */
export function addEvents(t: Timeline, events: readonly ClientEvent[]): Timeline {
  const fresh = events.filter((e) => !t.bySeq.has(e.seq));
  if (fresh.length === 0) return t;
  const bySeq = new Map(t.bySeq);
  for (const e of fresh) bySeq.set(e.seq, e);
  return { ...t, bySeq };
}

/** Adds a backward page of older history: it moves the floor down. */
export function addOlderPage(t: Timeline, events: readonly ClientEvent[], hasMore: boolean): Timeline {
  const added = addEvents(t, events);
  const floor = events.length > 0 ? Math.min(t.floor, events[0]!.seq - 1) : t.floor;
  return { ...added, floor, hasOlder: hasMore };
}

/** The highest seq such that every event from the floor up to it is held: where `resume` starts. */
export function contiguousSeq(t: Timeline): number {
  let seq = t.floor;
  while (t.bySeq.has(seq + 1)) seq += 1;
  return seq;
}

/** Whether an event beyond the contiguous run is held, that is, something in between was missed. */
export function hasGap(t: Timeline): boolean {
  const top = contiguousSeq(t);
  for (const seq of t.bySeq.keys()) if (seq > top) return true;
  return false;
}

/** The newest seq held (0 for none). */
export function newestSeq(t: Timeline): number {
  let max = t.floor;
  for (const seq of t.bySeq.keys()) if (seq > max) max = seq;
  return max;
}

export interface ShownMessage {
  messageId: string;
  seq: number;
  senderId: string;
  clientId: string;
  body: string | null;
  edited: boolean;
  deleted: boolean;
  createdAt: number;
  /** The user ids @-mentioned, and whether @all (or the like) was used (SPEC [MEN-1]). */
  mentions: readonly string[];
  mentionsAll: boolean;
  /** Files sent with the message (none once it is deleted). */
  attachments: readonly AttachmentRef[];
}

export type TimelineItem =
  | { kind: 'message'; message: ShownMessage }
  | { kind: 'member'; seq: number; userId: string; joined: boolean; createdAt: number };

/**
 * What the view shows, oldest first: each message once, with its latest body;
 * an edit replaces the body and marks it edited, a delete hides it (SPEC
 * [EDT-1], [EDT-2]). History already folds these in, live events do not.
 */
export function itemsOf(t: Timeline): TimelineItem[] {
  const events = [...t.bySeq.values()].sort((a, b) => a.seq - b.seq);
  const byMessage = new Map<string, ShownMessage>();
  const items: TimelineItem[] = [];
  for (const e of events) {
    if (e.kind === 'message') {
      const prior = byMessage.get(e.messageId);
      // A later edit or delete may have arrived first (reordered delivery): keep what it said.
      const m: ShownMessage = {
        messageId: e.messageId, seq: e.seq, senderId: e.senderId, clientId: e.clientId, createdAt: e.createdAt,
        mentions: prior?.edited ? prior.mentions : e.mentions, mentionsAll: prior?.edited ? prior.mentionsAll : e.mentionsAll,
        body: prior?.deleted || e.deleted ? null : (prior?.edited ? prior.body : e.body),
        edited: e.edited || (prior?.edited ?? false), deleted: e.deleted || (prior?.deleted ?? false),
        attachments: prior?.deleted || e.deleted ? [] : e.attachments,
      };
      byMessage.set(e.messageId, m);
      items.push({ kind: 'message', message: m });
    } else if (e.kind === 'edit' || e.kind === 'delete') {
      const m = byMessage.get(e.messageId);
      const target: ShownMessage = m ?? {
        messageId: e.messageId, seq: 0, senderId: e.senderId, clientId: '', createdAt: e.createdAt, body: null, edited: false, deleted: false,
        mentions: [], mentionsAll: false, attachments: [],
      };
      if (e.kind === 'edit' && !target.deleted) {
        target.body = e.body;
        target.edited = true;
        target.mentions = e.mentions; // an edit can add or remove a mention
        target.mentionsAll = e.mentionsAll;
      }
      if (e.kind === 'delete') {
        target.body = null;
        target.deleted = true;
        target.attachments = [];
      }
      if (!m) byMessage.set(e.messageId, target);
    } else {
      items.push({ kind: 'member', seq: e.seq, userId: e.userId ?? e.senderId, joined: e.kind === 'join', createdAt: e.createdAt });
    }
  }
  return items;
}

/** The client ids of the messages held: a pending send whose id is here has arrived and is no longer shown as pending. */
export function clientIdsOf(t: Timeline): Set<string> {
  const ids = new Set<string>();
  for (const e of t.bySeq.values()) if (e.kind === 'message') ids.add(e.clientId);
  return ids;
}
