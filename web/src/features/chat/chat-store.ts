/**
 * The chat client's state outside React: the socket, my conversations, the
 * timelines of the opened ones, the outbox, typing and presence. React reads
 * immutable snapshots through useSyncExternalStore; every change replaces the
 * snapshot, so components re-render only when something changed.
 */
import type { ApiClient } from '../../app/api';
import type { ClientEvent, ConversationSummary, ConversationView, DirectoryEntry, Page } from '../../app/wire';
import { sortByRecent, summaryOf, withLiveEvent, withMyRead } from './conversations';
import { restoreDraft } from './drafts';
import { policyProblemOf, type PolicyProblem, type PresenceStatus, type ServerFrame } from './frames';
import { acknowledge, dropDelivered, frameOf, toResend, update, without, type Pending } from './outbox';
import type { ChatSocket} from './socket';
import { type ConnectionStatus, type SocketHandlers } from './socket';
import { addEvents, addOlderPage, clientIdsOf, contiguousSeq, fromNewestPage, hasGap, type Timeline } from './timeline';

/** A message the policy refused, kept to explain why next to the composer. */
export interface PolicyIssue {
  kind: 'send' | 'edit';
  body: string;
  problem: PolicyProblem;
}

export interface ChatSnapshot {
  status: ConnectionStatus;
  conversations: readonly ConversationSummary[] | null;
  listError: string | null;
  members: Readonly<Record<string, readonly string[]>>;
  timelines: Readonly<Record<string, Timeline>>;
  timelineErrors: Readonly<Record<string, string>>;
  pending: readonly Pending[];
  /** Who is typing, per conversation (others only, SPEC [TYP-1]). */
  typing: Readonly<Record<string, readonly string[]>>;
  presence: Readonly<Record<string, PresenceStatus>>;
  issues: Readonly<Record<string, PolicyIssue>>;
  names: Readonly<Record<string, string>>;
  olderLoading: Readonly<Record<string, boolean>>;
  myStatus: 'online' | 'away' | 'dnd';
}

/** How long a "typing" lasts without a refresh: a lost `stop` must not leave it on screen for ever. */
const TYPING_TTL_MS = 8000;
const PAGE = 50;

export type SocketFactory = (handlers: SocketHandlers) => Pick<ChatSocket, 'start' | 'stop' | 'send'>;

export class ChatStore {
  #snap: ChatSnapshot = {
    status: 'connecting', conversations: null, listError: null, members: {}, timelines: {}, timelineErrors: {}, pending: [],
    typing: {}, presence: {}, issues: {}, names: {}, olderLoading: {}, myStatus: 'online',
  };
  readonly #listeners = new Set<() => void>();
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Conversations the user opened: their history is loaded, and resumed after every reconnect. */
  readonly #opened = new Set<string>();
  readonly #socket: Pick<ChatSocket, 'start' | 'stop' | 'send'>;
  #watched = '';
  #myStatus: 'online' | 'away' | 'dnd' = 'online';
  #readSent = new Map<string, number>();

  constructor(
    readonly api: ApiClient,
    readonly me: string,
    /** The session may have ended (`final`: the server said so): check it, so the right gate shows. */
    readonly onTrouble: (final: boolean) => void,
    socketFactory: SocketFactory,
  ) {
    this.#socket = socketFactory({ onFrame: (f) => this.#onFrame(f), onStatus: (status) => this.#onStatus(status), onTrouble: (_code, final) => this.onTrouble(final) });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): ChatSnapshot => this.#snap;

  start(): void {
    this.#socket.start();
    void this.reloadConversations();
    void this.#loadNames();
  }

  stop(): void {
    this.#socket.stop();
    for (const t of this.#typingTimers.values()) clearTimeout(t);
  }

  // Presence and typing learnt over a lost connection are stale: forget them until the server says again.
  #onStatus(status: ConnectionStatus): void {
    if (status === 'connected' || status === this.#snap.status) return this.#set({ status });
    this.#set({ status, ...(this.#snap.status === 'connected' ? { presence: {}, typing: {} } : {}) });
  }

  #set(patch: Partial<ChatSnapshot>): void {
    this.#snap = { ...this.#snap, ...patch };
    for (const l of this.#listeners) l();
  }

  nameOf = (id: string): string => this.#snap.names[id] ?? 'Someone';

  learnNames(people: readonly { id: string; displayName: string }[]): void {
    const fresh = people.filter((p) => this.#snap.names[p.id] !== p.displayName);
    if (fresh.length > 0) this.#set({ names: { ...this.#snap.names, ...Object.fromEntries(fresh.map((p) => [p.id, p.displayName])) } });
  }

  // The directory has no lookup by id; a few pages cover an agency's staff, and searches add more (learnNames).
  async #loadNames(): Promise<void> {
    let after: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      // Names are a courtesy: if the directory cannot be read, people show as "Someone" and the chat still works.
      const page = await this.api.get<Page<DirectoryEntry>>('/api/v1/directory', { limit: 100, after }).catch(() => null);
      if (!page) return;
      this.learnNames(page.items);
      if (!page.next) return;
      after = page.next;
    }
  }

  async reloadConversations(): Promise<void> {
    try {
      const { items } = await this.api.get<{ items: ConversationSummary[] }>('/api/v1/conversations');
      this.#set({ conversations: sortByRecent(items), listError: null });
      const missing = items.filter((c) => !this.#snap.members[c.id]).slice(0, 100);
      // A member list that fails to load leaves a generic title; it is asked for again at the next reload (every reconnect).
      const views = await Promise.all(missing.map((c) => this.api.get<ConversationView>(`/api/v1/conversations/${c.id}`).catch(() => null)));
      this.#setMembers(views.filter((v): v is ConversationView => v !== null));
    } catch (e) {
      this.#set({ listError: e instanceof Error ? e.message : String(e) });
    }
  }

  #setMembers(views: readonly ConversationView[]): void {
    if (views.length === 0) return;
    this.#set({ members: { ...this.#snap.members, ...Object.fromEntries(views.map((v) => [v.id, v.memberIds])) } });
    this.#watchPresence();
  }

  /** Presence of everyone in my conversations (SPEC presence.watch, at most 500). */
  #watchPresence(): void {
    const ids = [...new Set(Object.values(this.#snap.members).flat())].filter((id) => id !== this.me).sort().slice(0, 500);
    const key = ids.join(',');
    if (key === this.#watched || ids.length === 0) return;
    if (this.#socket.send({ type: 'presence.watch', userIds: ids })) this.#watched = key;
  }

  #upsert(v: ConversationView): void {
    const list = this.#snap.conversations ?? [];
    if (!list.some((c) => c.id === v.id)) this.#set({ conversations: sortByRecent([...list, summaryOf(v)]) });
    this.#setMembers([v]);
  }

  async startDirect(userId: string): Promise<string> {
    const v = await this.api.post<ConversationView>('/api/v1/conversations', { kind: 'direct', userId });
    this.#upsert(v);
    return v.id;
  }

  async createGroup(name: string | null, memberIds: string[]): Promise<string> {
    const v = await this.api.post<ConversationView>('/api/v1/conversations', { kind: 'group', name, memberIds });
    this.#upsert(v);
    return v.id;
  }

  /** Loads a conversation's newest page the first time it is shown. */
  open(conversationId: string): void {
    if (this.#opened.has(conversationId)) return;
    this.#opened.add(conversationId);
    this.#socket.send({ type: 'history', ref: `new:${conversationId}`, conversationId, limit: PAGE });
  }

  loadOlder(conversationId: string): void {
    const t = this.#snap.timelines[conversationId];
    if (!t?.hasOlder || this.#snap.olderLoading[conversationId]) return;
    if (this.#socket.send({ type: 'history', ref: `old:${conversationId}`, conversationId, beforeSeq: t.floor + 1, limit: PAGE })) {
      this.#set({ olderLoading: { ...this.#snap.olderLoading, [conversationId]: true } });
    }
  }

  #after(conversationId: string): void {
    const t = this.#snap.timelines[conversationId];
    if (t) this.#socket.send({ type: 'history', ref: `after:${conversationId}`, conversationId, afterSeq: contiguousSeq(t), limit: 200 });
  }

  #submit(p: Pending): void {
    this.#set({ pending: [...without(this.#snap.pending, p.clientId), p] });
    this.#socket.send(frameOf(p)); // if the socket is down, the reconnect resends it (toResend)
  }

  send(conversationId: string, body: string): void {
    this.dismissIssue(conversationId);
    this.#submit({ clientId: crypto.randomUUID(), conversationId, kind: 'send', body, state: 'sending' });
  }

  edit(conversationId: string, messageId: string, body: string): void {
    this.dismissIssue(conversationId);
    this.#submit({ clientId: crypto.randomUUID(), conversationId, kind: 'edit', messageId, body, state: 'sending' });
  }

  remove(conversationId: string, messageId: string): void {
    this.#submit({ clientId: crypto.randomUUID(), conversationId, kind: 'delete', messageId, body: '', state: 'sending' });
  }

  /** Resends a questioned message with the user's justification, under the same clientId (SPEC [POL-1]). */
  confirm(clientId: string, justification: string): void {
    const p = this.#snap.pending.find((x) => x.clientId === clientId);
    if (p) this.#submit({ ...p, justification, state: 'sending' });
  }

  /** Gives up a pending change; returns it so its text can go back to the composer. */
  discard(clientId: string): Pending | null {
    const p = this.#snap.pending.find((x) => x.clientId === clientId) ?? null;
    this.#set({ pending: without(this.#snap.pending, clientId) });
    return p;
  }

  retry(clientId: string): void {
    const p = this.#snap.pending.find((x) => x.clientId === clientId);
    if (p) this.#submit({ ...p, state: 'sending' });
  }

  dismissIssue(conversationId: string): void {
    if (!this.#snap.issues[conversationId]) return;
    const { [conversationId]: _gone, ...issues } = this.#snap.issues;
    this.#set({ issues });
  }

  /** The view shows up to `seq`: raise my read marker once per seq (SPEC [RD-1]). */
  markRead(conversationId: string, seq: number): void {
    const c = this.#snap.conversations?.find((x) => x.id === conversationId);
    if (!c || seq <= c.readSeq || seq <= (this.#readSent.get(conversationId) ?? 0)) return;
    if (this.#socket.send({ type: 'read', conversationId, seq })) this.#readSent.set(conversationId, seq);
  }

  /** My own presence (SPEC [PRS-2]); a new connection starts online, so a chosen away or dnd is sent again on every `ready`. */
  setMyStatus(status: 'online' | 'away' | 'dnd'): void {
    this.#myStatus = status;
    this.#set({ myStatus: status });
    this.#socket.send({ type: 'presence.set', status });
  }

  typing(conversationId: string, state: 'start' | 'stop'): void {
    this.#socket.send({ type: 'typing', conversationId, state });
  }

  #onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'ready': return this.#onReady();
      case 'message': return this.#onEvent(f.event);
      case 'history': return this.#onHistory(f);
      case 'ack': {
        const t = this.#snap.timelines[f.conversationId];
        this.#set({ pending: acknowledge(this.#snap.pending, f.clientId, t ? clientIdsOf(t) : new Set()) });
        // Live delivery is at most once: if the acked event does not arrive soon, fetch it.
        setTimeout(() => {
          const now = this.#snap.timelines[f.conversationId];
          if (now && !now.bySeq.has(f.seq)) this.#after(f.conversationId);
        }, 1500);
        return;
      }
      case 'conversation': return this.#upsert(f.conversation);
      case 'conversation.left':
        if (f.userId === this.me) this.#set({ conversations: (this.#snap.conversations ?? []).filter((c) => c.id !== f.conversationId) });
        else this.#setMembers([{ id: f.conversationId, memberIds: (this.#snap.members[f.conversationId] ?? []).filter((id) => id !== f.userId) } as ConversationView]);
        return;
      case 'typing': return this.#onTyping(f.conversationId, f.userId, f.state === 'start');
      case 'read':
        if (f.userId === this.me && this.#snap.conversations) this.#set({ conversations: withMyRead(this.#snap.conversations, f.conversationId, f.seq) });
        return;
      case 'presence': return this.#set({ presence: { ...this.#snap.presence, [f.userId]: f.status } });
      case 'presence.state':
        return this.#set({ presence: { ...this.#snap.presence, ...Object.fromEntries(f.users.map((u) => [u.userId, u.status])) } });
      case 'error': return this.#onError(f);
      default: return;
    }
  }

  /** After every (re)connect: resume what is open from its contiguous seq, load what was asked for meanwhile, resend the outbox. */
  #onReady(): void {
    const positions: Record<string, number> = {};
    for (const id of this.#opened) {
      const t = this.#snap.timelines[id];
      if (t) positions[id] = contiguousSeq(t);
      else this.#socket.send({ type: 'history', ref: `new:${id}`, conversationId: id, limit: PAGE });
    }
    if (Object.keys(positions).length > 0) this.#socket.send({ type: 'resume', ref: 'resume', positions });
    for (const p of toResend(this.#snap.pending)) this.#socket.send(frameOf(p));
    if (this.#myStatus !== 'online') this.#socket.send({ type: 'presence.set', status: this.#myStatus });
    this.#watched = '';
    this.#readSent.clear();
    this.#watchPresence();
    if (this.#snap.conversations) void this.reloadConversations();
  }

  #onEvent(e: ClientEvent): void {
    const known = this.#snap.conversations?.some((c) => c.id === e.conversationId);
    if (this.#snap.conversations && !known) void this.reloadConversations();
    const patch: Partial<ChatSnapshot> = { conversations: this.#snap.conversations && withLiveEvent(this.#snap.conversations, e, this.me) };
    const t = this.#snap.timelines[e.conversationId];
    if (t) {
      const next = addEvents(t, [e]);
      patch.timelines = { ...this.#snap.timelines, [e.conversationId]: next };
      patch.pending = dropDelivered(this.#snap.pending, clientIdsOf(next));
      if (hasGap(next)) setTimeout(() => this.#after(e.conversationId), 0);
    }
    this.#set(patch);
    if (e.kind === 'message') this.#onTyping(e.conversationId, e.senderId, false);
  }

  #onHistory(f: Extract<ServerFrame, { type: 'history' }>): void {
    const id = f.conversationId;
    const t = this.#snap.timelines[id];
    const [kind] = (f.ref ?? '').split(':');
    let next: Timeline;
    if (kind === 'new') next = t ? addEvents(fromNewestPage(f.events, f.hasMore), [...t.bySeq.values()]) : fromNewestPage(f.events, f.hasMore);
    else if (!t) return; // a forward page for something not shown: nothing to add to
    else if (kind === 'old') next = addOlderPage(t, f.events, f.hasMore);
    else next = addEvents(t, f.events);
    const { [id]: _done, ...olderLoading } = this.#snap.olderLoading;
    const { [id]: _ok, ...timelineErrors } = this.#snap.timelineErrors;
    this.#set({
      timelines: { ...this.#snap.timelines, [id]: next }, olderLoading, timelineErrors,
      pending: dropDelivered(this.#snap.pending, clientIdsOf(next)),
    });
    // A forward page is at most 200 events: keep paging until caught up.
    if ((kind === 'after' || kind === 'resume') && f.hasMore) this.#after(id);
  }

  #onTyping(conversationId: string, userId: string, on: boolean): void {
    if (userId === this.me) return;
    const key = `${conversationId} ${userId}`;
    clearTimeout(this.#typingTimers.get(key));
    this.#typingTimers.delete(key);
    const current = this.#snap.typing[conversationId] ?? [];
    if (on) this.#typingTimers.set(key, setTimeout(() => this.#onTyping(conversationId, userId, false), TYPING_TTL_MS));
    const next = on ? [...new Set([...current, userId])] : current.filter((u) => u !== userId);
    if (next.length !== current.length) this.#set({ typing: { ...this.#snap.typing, [conversationId]: next } });
  }

  #onError(f: Extract<ServerFrame, { type: 'error' }>): void {
    const ref = f.ref ?? '';
    if (f.code === 'policy_ack_required' || f.code === 'unauthenticated') this.onTrouble(true);
    const p = this.#snap.pending.find((x) => x.clientId === ref);
    if (p) {
      const problem = policyProblemOf(f);
      if (problem?.code === 'policy_blocked' && p.kind !== 'delete') {
        if (p.kind === 'send') restoreDraft(p.conversationId, p.body); // back to the composer, to be changed
        this.#set({ pending: without(this.#snap.pending, p.clientId), issues: { ...this.#snap.issues, [p.conversationId]: { kind: p.kind, body: p.body, problem } } });
      } else if (problem) {
        this.#set({ pending: update(this.#snap.pending, p.clientId, { state: 'confirm', problem }) });
      } else if (f.code === 'rate_limited') {
        // Nothing is dropped (SPEC [SND-6]): the same clientId goes again after the delay.
        const wait = typeof f.data?.retryAfterMs === 'number' ? f.data.retryAfterMs : 1000;
        setTimeout(() => this.retry(p.clientId), wait);
      } else {
        this.#set({ pending: update(this.#snap.pending, p.clientId, { state: 'failed', error: f.message }) });
      }
      return;
    }
    const [kind, id] = ref.split(':');
    if ((kind === 'new' || kind === 'old') && id) {
      if (kind === 'new') this.#opened.delete(id);
      const { [id]: _done, ...olderLoading } = this.#snap.olderLoading;
      this.#set({ timelineErrors: { ...this.#snap.timelineErrors, [id]: f.message }, olderLoading });
    }
  }
}
