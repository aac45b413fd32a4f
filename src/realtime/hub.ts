/**
 * The realtime hub: delivers committed events to the live sessions of the
 * recipients the action chose, on whichever node they are connected, and keeps
 * presence. Actions see it only as an EventSink.
 */
import { randomUUID } from 'node:crypto';
import type { BusEvent, EventBus, Unsubscribe } from '../bus/index.js';
import type { EventSink, PresenceReader, PresenceState, PresenceStatus, ServerEvent } from '../domain/events.js';
import { PresenceTable, strongest } from './presence.js';
import { AppError } from '../domain/errors.js';

/** A live connection as the hub sees it; the WebSocket transport implements it. */
export interface LiveConnection {
  readonly id: string;
  readonly userId: string;
  readonly sessionId: string;
  send(event: ServerEvent): void;
  /** Sends an event already serialized as UTF-8 JSON: one encoding, shared by every recipient. */
  sendEncoded(json: Buffer): void;
  close(code: number, reason: string): void;
}

const DELIVER = 'deliver';
const STATUSES: ReadonlySet<unknown> = new Set<PresenceStatus>(['online', 'away', 'dnd', 'offline']);
const isStatus = (s: unknown): s is PresenceStatus => STATUSES.has(s);
const SERVER_EVENT_TYPES: ReadonlySet<unknown> = new Set<ServerEvent['type']>(['message', 'conversation', 'conversation.left', 'typing', 'read', 'presence']);
/** Presence subscriptions per connection: bounded, so no client can grow the hub's memory at will. */
const MAX_WATCHED = 2000;
const PRESENCE = 'presence';
/** Session ends: each node closes its own connections of those sessions. */
const SESSIONS = 'sessions';
/** WebSocket close code for a session ended while connected (SPEC §Close codes). */
const SESSION_ENDED_CLOSE = 4003;

export interface HubOptions {
  now: () => number;
  /** How often this node re-announces its users' presence; states expire after three missed rounds. */
  presenceRefreshMs?: number;
  /** Presence changes for one subscriber are gathered this long, then sent once (bursts coalesce). */
  presenceCoalesceMs?: number;
  /** When users were last seen, from storage: for users this node has not seen leave. */
  lastSeen?: (userIds: string[]) => Promise<Map<string, number>>;
  /** Told, on every node, when a conversation's membership may have changed (its cached members go stale). */
  onConversationChanged?: (conversationId: string) => void;
  onError?: (err: unknown) => void;
}

export class Hub implements EventSink, PresenceReader {
  readonly nodeId = randomUUID();
  readonly #bus: EventBus;
  readonly #opts: Required<Omit<HubOptions, 'lastSeen' | 'onConversationChanged' | 'onError'>> & Pick<HubOptions, 'lastSeen' | 'onConversationChanged' | 'onError'>;
  readonly #byUser = new Map<string, Map<string, { conn: LiveConnection; status: PresenceStatus }>>();
  readonly #presence: PresenceTable;
  /** subscribed userId -> connections watching them */
  readonly #watchers = new Map<string, Set<LiveConnection>>();
  readonly #watching = new Map<string, Set<string>>();
  readonly #pending = new Map<LiveConnection, Map<string, PresenceStatus>>();
  readonly #lastSeen = new Map<string, number>();
  #unsubscribe: Unsubscribe[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(bus: EventBus, options: HubOptions) {
    this.#bus = bus;
    this.#opts = { presenceRefreshMs: 15_000, presenceCoalesceMs: 200, ...options };
    this.#presence = new PresenceTable(this.#opts.presenceRefreshMs * 3);
  }

  async start(): Promise<void> {
    this.#unsubscribe.push(await this.#bus.subscribeText(DELIVER, (t) => this.#onDeliver(t)));
    this.#unsubscribe.push(await this.#bus.subscribe(PRESENCE, (e) => this.#onPresence(e)));
    this.#unsubscribe.push(await this.#bus.subscribe(SESSIONS, (e) => this.#onSessionsEnded(e)));
    this.#timer = setInterval(() => this.#refresh(), this.#opts.presenceRefreshMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#flushTimer);
    for (const u of this.#unsubscribe) await u();
    this.#unsubscribe = [];
    for (const conns of this.#byUser.values()) for (const { conn } of conns.values()) conn.close(1001, 'server shutting down');
    this.#byUser.clear();
  }

  /** EventSink: hands the event to every node; each delivers to its own connections. */
  publish(recipients: readonly string[], event: ServerEvent): void {
    if (recipients.length === 0) return;
    // The event travels as its JSON text, encoded once here: each node sends those bytes to its sockets as they
    // are, instead of parsing the event into objects and serializing it again for them. It goes on a text channel
    // as one line of routing (recipients, kind, and the conversation whose membership changed) and then the event's
    // JSON, so that neither the bus nor the receiving node escapes, parses or copies the event itself.
    const changed = event.type === 'conversation' ? event.conversation.id : event.type === 'conversation.left' ? event.conversationId : null;
    // `type` first, whatever order the event was built in (the receiving side checks the text by its opening); every
    // event is built that way, so the copy is only a safeguard and is not made on the way every delivery takes.
    let json = JSON.stringify(event);
    if (!json.startsWith('{"type":')) json = JSON.stringify(Object.assign({ type: event.type }, event));
    // JSON.stringify never writes a raw line break, so the first one ends the routing line.
    const routing = JSON.stringify(changed !== null ? { recipients, kind: event.type, conversationId: changed } : { recipients, kind: event.type });
    this.#bus.publishText(DELIVER, `${routing}\n${json}`).catch((err: unknown) => this.#opts.onError?.(err));
  }

  /** EventSink: every node closes its connections of these sessions (id '*': all of that user's). */
  endSessions(sessions: readonly { id: string; userId: string }[], reason: string): void {
    if (sessions.length === 0) return;
    const payload = { type: 'sessions.ended', sessions: sessions.map((s) => ({ id: s.id, userId: s.userId })), reason } as unknown as BusEvent;
    this.#bus.publish(SESSIONS, payload).catch((err: unknown) => this.#opts.onError?.(err));
  }

  #onSessionsEnded(e: BusEvent): void {
    const sessions = e.sessions;
    if (e.type !== 'sessions.ended' || !Array.isArray(sessions) || typeof e.reason !== 'string') {
      this.#opts.onError?.(new Error('malformed sessions event'));
      return;
    }
    const reason = e.reason.slice(0, 100);
    for (const s of sessions as unknown[]) {
      if (!s || typeof s !== 'object') continue;
      const { id, userId } = s as { id?: unknown; userId?: unknown };
      if (typeof id !== 'string' || typeof userId !== 'string') continue;
      for (const { conn } of [...(this.#byUser.get(userId)?.values() ?? [])]) {
        // '*': every session of the user (the account was suspended, say).
        if (id === '*' || conn.sessionId === id) conn.close(SESSION_ENDED_CLOSE, reason);
      }
    }
  }

  /** Connections of a user on this node. */
  connectionsOf(userId: string): LiveConnection[] {
    return [...(this.#byUser.get(userId)?.values() ?? [])].map((c) => c.conn);
  }

  get connectionCount(): number {
    let n = 0;
    for (const m of this.#byUser.values()) n += m.size;
    return n;
  }

  register(conn: LiveConnection): void {
    let conns = this.#byUser.get(conn.userId);
    if (!conns) this.#byUser.set(conn.userId, (conns = new Map()));
    conns.set(conn.id, { conn, status: 'online' });
    this.#announce(conn.userId);
  }

  unregister(conn: LiveConnection): void {
    const conns = this.#byUser.get(conn.userId);
    if (conns?.delete(conn.id) && conns.size === 0) {
      this.#byUser.delete(conn.userId);
      this.#lastSeen.set(conn.userId, this.#opts.now());
    }
    for (const userId of this.#watching.get(conn.id) ?? []) this.#watchers.get(userId)?.delete(conn);
    this.#watching.delete(conn.id);
    this.#pending.delete(conn);
    this.#announce(conn.userId);
  }

  setStatus(conn: LiveConnection, status: Exclude<PresenceStatus, 'offline'>): void {
    const entry = this.#byUser.get(conn.userId)?.get(conn.id);
    if (!entry || entry.status === status) return;
    entry.status = status;
    this.#announce(conn.userId);
  }

  /** The overall status of a user across all nodes. */
  statusOf(userId: string): PresenceStatus {
    return this.#presence.get(userId, this.#opts.now());
  }

  lastSeenOf(userId: string): number | null {
    return this.#lastSeen.get(userId) ?? null;
  }

  /** Current states of users, with when the offline ones were last seen. */
  async presenceOf(userIds: readonly string[]): Promise<PresenceState[]> {
    const states = userIds.map((userId) => ({ userId, status: this.statusOf(userId) }));
    const unknown = states.filter((s) => s.status === 'offline' && !this.#lastSeen.has(s.userId)).map((s) => s.userId);
    const stored = unknown.length > 0 && this.#opts.lastSeen ? await this.#opts.lastSeen(unknown) : new Map<string, number>();
    return states.map((s) => ({ ...s, lastSeenAt: s.status === 'offline' ? (this.#lastSeen.get(s.userId) ?? stored.get(s.userId) ?? null) : null }));
  }

  /** Watches users' presence; returns their current states. */
  async watch(conn: LiveConnection, userIds: readonly string[]): Promise<PresenceState[]> {
    let mine = this.#watching.get(conn.id);
    if (!mine) this.#watching.set(conn.id, (mine = new Set()));
    const fresh = userIds.filter((id) => !mine.has(id));
    if (mine.size + fresh.length > MAX_WATCHED) {
      throw new AppError('validation_failed', `A connection may watch at most ${MAX_WATCHED} people.`, { field: 'userIds', limit: MAX_WATCHED });
    }
    for (const userId of userIds) {
      mine.add(userId);
      let w = this.#watchers.get(userId);
      if (!w) this.#watchers.set(userId, (w = new Set()));
      w.add(conn);
    }
    return this.presenceOf(userIds);
  }

  #localStatus(userId: string): PresenceStatus {
    const conns = this.#byUser.get(userId);
    return conns ? strongest([...conns.values()].map((c) => c.status)) : 'offline';
  }

  #announce(userId: string): void {
    const status = this.#localStatus(userId);
    // Apply locally at once so this node's own view never lags the bus.
    if (this.#presence.set(this.nodeId, userId, status, this.#opts.now())) this.#notify(userId);
    const payload = { type: 'presence.set', nodeId: this.nodeId, userId, status } as BusEvent;
    this.#bus.publish(PRESENCE, payload).catch((err: unknown) => this.#opts.onError?.(err));
  }

  #refresh(): void {
    const users: Record<string, PresenceStatus> = {};
    for (const userId of this.#byUser.keys()) users[userId] = this.#localStatus(userId);
    const now = this.#opts.now();
    for (const userId of this.#presence.applySnapshot(this.nodeId, users, now)) this.#notify(userId);
    for (const userId of this.#presence.expire(now)) this.#notify(userId);
    this.#bus.publish(PRESENCE, { type: 'presence.snapshot', nodeId: this.nodeId, users } as BusEvent).catch((err: unknown) => this.#opts.onError?.(err));
  }

  /** Events from other nodes are checked like any input: a bad one is reported and dropped. */
  #onPresence(e: BusEvent): void {
    const nodeId = e.nodeId;
    if (typeof nodeId !== 'string' || nodeId === this.nodeId) return;
    const now = this.#opts.now();
    if (e.type === 'presence.set' && typeof e.userId === 'string' && isStatus(e.status)) {
      if (this.#presence.set(nodeId, e.userId, e.status, now)) this.#notify(e.userId);
    } else if (e.type === 'presence.snapshot' && e.users && typeof e.users === 'object' && !Array.isArray(e.users)
      && Object.values(e.users).every(isStatus)) {
      for (const userId of this.#presence.applySnapshot(nodeId, e.users as Record<string, PresenceStatus>, now)) this.#notify(userId);
    } else {
      this.#opts.onError?.(new Error(`malformed presence event from node ${nodeId.slice(0, 64)}`));
    }
  }

  /** Queues a change for the user's watchers; a burst of changes becomes one frame each. */
  #notify(userId: string): void {
    const watchers = this.#watchers.get(userId);
    if (!watchers || watchers.size === 0) return;
    const status = this.statusOf(userId);
    for (const conn of watchers) {
      let q = this.#pending.get(conn);
      if (!q) this.#pending.set(conn, (q = new Map()));
      q.set(userId, status);
    }
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.presenceCoalesceMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [conn, changes] of pending) {
      for (const [userId, status] of changes) {
        conn.send({ type: 'presence', userId, status, lastSeenAt: status === 'offline' ? this.lastSeenOf(userId) : null });
      }
    }
  }

  #onDeliver(payload: string): void {
    // Another node's payload is checked for its shape, cheaply (the bus is the deployment's own; parsing the event
    // again here is the cost this format avoids): a routing line that parses, a known event type, and text that
    // opens as that event's object (publish puts `type` first) and closes it.
    const cut = payload.indexOf('\n');
    let routing: unknown = null;
    if (cut > 0) {
      try {
        routing = JSON.parse(payload.slice(0, cut));
      } catch {
        routing = null;
      }
    }
    const { recipients, kind, conversationId } = (routing !== null && typeof routing === 'object' ? routing : {}) as Record<string, unknown>;
    const text = cut > 0 ? payload.slice(cut + 1) : '';
    if (
      !Array.isArray(recipients) || !SERVER_EVENT_TYPES.has(kind)
      || !text.startsWith(`{"type":${JSON.stringify(kind)}`) || !text.endsWith('}')
    ) {
      this.#opts.onError?.(new Error('malformed deliver event'));
      return;
    }
    if ((kind === 'conversation' || kind === 'conversation.left') && typeof conversationId === 'string') this.#opts.onConversationChanged?.(conversationId);
    let json: Buffer | undefined;
    for (const userId of recipients) {
      if (typeof userId !== 'string') continue;
      const conns = this.#byUser.get(userId);
      if (!conns) continue;
      json ??= Buffer.from(text);
      for (const { conn } of conns.values()) conn.sendEncoded(json);
    }
  }
}
