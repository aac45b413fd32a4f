/**
 * What the server pushes to members' connected sessions after a change has
 * committed. Each is sent to an explicit recipient list chosen by the action
 * (choosing recipients is a security decision).
 */
import type { ClientEvent, ConversationKind } from './messaging.js';

export type PresenceStatus = 'online' | 'away' | 'dnd' | 'offline';

export interface ConversationView {
  id: string;
  kind: ConversationKind;
  name: string | null;
  topic: string | null;
  agencyId: string | null;
  lastSeq: number;
  lastEventAt: number;
  memberIds: string[];
}

export type ServerEvent =
  | { type: 'message'; event: ClientEvent }
  | { type: 'conversation'; conversation: ConversationView }
  | { type: 'conversation.left'; conversationId: string; userId: string }
  | { type: 'typing'; conversationId: string; userId: string; state: 'start' | 'stop' }
  | { type: 'read'; conversationId: string; userId: string; seq: number }
  | { type: 'presence'; userId: string; status: PresenceStatus; lastSeenAt: number | null };

/** Where actions hand events after commit; the realtime hub delivers them. */
export interface EventSink {
  publish(recipients: readonly string[], event: ServerEvent): void;
  /**
   * Closes the live connections of sessions that were just ended (signed out,
   * revoked, device revoked, account suspended), on every node, within moments.
   * An id of '*' means every session of that user.
   */
  endSessions(sessions: readonly { id: string; userId: string }[], reason: string): void;
}

export interface PresenceState {
  userId: string;
  status: PresenceStatus;
  /** When an offline user was last seen; null while online or never seen. */
  lastSeenAt: number | null;
}

/** Reads presence across nodes (the realtime hub implements it). */
export interface PresenceReader {
  presenceOf(userIds: readonly string[]): Promise<PresenceState[]>;
}
