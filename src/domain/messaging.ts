/** Conversations and their event log (WVOT-PO1010 §8.5: messages to one or more persons with minimal delay). */

export const CONVERSATION_KINDS = ['direct', 'group', 'channel'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export const MEMBER_ROLES = ['owner', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** Groups and channels; null for direct conversations. */
  name: string | null;
  topic: string | null;
  /** The owning agency of a channel; null for direct and group conversations. */
  agencyId: string | null;
  createdBy: string;
  createdAt: number;
  lastSeq: number;
  lastEventAt: number;
}

export interface Member {
  conversationId: string;
  userId: string;
  role: MemberRole;
  joinedAt: number;
  leftAt: number | null;
  /** The highest sequence the member has read. */
  readSeq: number;
}

/**
 * Who belongs to a conversation, as of one membership version. The version
 * rises with every join, rejoin, leave or role change, so a copy kept in memory
 * can be checked against the version a message's append committed under.
 */
export interface Membership {
  conversationId: string;
  kind: ConversationKind;
  version: number;
  /** Current members and their roles, in the order they joined. */
  roles: ReadonlyMap<string, MemberRole>;
}

/**
 * What the append-only log records. Edits and deletions are events of their
 * own that point at the message; the original is never changed.
 */
export const EVENT_KINDS = ['message', 'edit', 'delete', 'join', 'leave'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface AttachmentRef {
  id: string;
  sha256: string;
  name: string;
  size: number;
  contentType: string;
}

export interface EventMeta {
  attachments?: AttachmentRef[];
  /** join/leave: who joined or left (the sender is who did it). */
  userId?: string;
  /** The content-policy decision stored with the message. */
  policy?: unknown;
  /** What members see when the policy redacted spans; `body` keeps the original for the record. */
  redactedBody?: string;
  /** Members the message mentions by name, and whether it notifies everyone. */
  mentions?: string[];
  mentionsAll?: boolean;
}

export interface MessageEvent {
  conversationId: string;
  seq: number;
  id: string;
  kind: EventKind;
  messageId: string;
  senderId: string;
  clientId: string;
  body: string | null;
  meta: EventMeta | null;
  createdAt: number;
}

export interface Attachment extends AttachmentRef {
  uploaderId: string;
  createdAt: number;
  conversationId: string | null;
  messageId: string | null;
}

/** The key that makes a pair of users' direct conversation unique. */
export const directKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Folds edits and deletions into what members see: the latest body of each
 * message, and nothing of a deleted one. The stored record keeps the original.
 */
export function viewOf(event: MessageEvent, later: readonly MessageEvent[]): ClientEvent {
  let body = event.meta?.redactedBody ?? event.body;
  let edited = false;
  let deleted = false;
  for (const e of later) {
    if (e.messageId !== event.messageId || e.seq <= event.seq) continue;
    if (e.kind === 'edit') {
      body = e.meta?.redactedBody ?? e.body;
      edited = true;
    } else if (e.kind === 'delete') deleted = true;
  }
  if (event.kind === 'delete') deleted = true;
  return {
    conversationId: event.conversationId,
    seq: event.seq,
    id: event.id,
    kind: event.kind,
    messageId: event.messageId,
    senderId: event.senderId,
    clientId: event.clientId,
    body: deleted ? null : body,
    attachments: deleted ? [] : (event.meta?.attachments ?? []),
    userId: event.meta?.userId ?? null,
    mentions: deleted ? [] : (event.meta?.mentions ?? []),
    mentionsAll: !deleted && event.meta?.mentionsAll === true,
    edited,
    deleted,
    createdAt: event.createdAt,
  };
}

/** An event as a member's client sees it: the stored event without its meta, folded. */
export interface ClientEvent extends Omit<MessageEvent, 'meta'> {
  attachments: AttachmentRef[];
  userId: string | null;
  mentions: string[];
  mentionsAll: boolean;
  edited: boolean;
  deleted: boolean;
}
