/**
 * The chat client's state outside React: the socket, my conversations, the
 * timelines of the opened ones, the outbox, typing and presence. React reads
 * immutable snapshots through useSyncExternalStore; every change replaces the
 * snapshot, so components re-render only when something changed.
 */
import type { ApiClient } from '../../app/api';
import type { ClientEvent, ConversationSummary, ConversationView, DirectoryEntry } from '../../app/wire';
import { sortByRecent, summaryOf, withLiveEvent, withMyRead } from './conversations';
import type { AttachmentRef } from '../../../../src/domain/messaging.js';
import { readDraft, restoreDraft, writeDraft } from './drafts';
import { policyProblemOf, type PolicyProblem, type PresenceStatus, type ServerFrame } from './frames';
import { acknowledge, dropDelivered, frameOf, toResend, update, without, type Pending } from './outbox';
import type { ChatSocket} from './socket';
import { type ConnectionStatus, type SocketHandlers } from './socket';
import { addEvents, addOlderPage, clientIdsOf, contiguousSeq, fromNewestPage, hasGap, type Timeline } from './timeline';
import { UploadError, formatBytes, xhrUploader, type Uploader } from './upload';

/** A message the policy refused, kept to explain why next to the composer. */
export interface PolicyIssue {
  kind: 'send' | 'edit';
  body: string;
  /** Files that went with a refused send: they come back to the composer with the text. */
  attachments?: readonly AttachmentRef[];
  problem: PolicyProblem;
}

/** GET /api/v1/chat/settings: the server's limits, shown before sending or uploading. */
export interface ChatSettings {
  messageMaxChars: number;
  attachmentMaxBytes: number;
  attachmentDailyQuotaBytes: number;
  groupMaxMembers: number;
}

/** A file chosen in a composer: refused before upload, on its way (with progress), uploaded, or failed. */
export interface Upload {
  key: string;
  conversationId: string;
  name: string;
  size: number;
  state: 'refused' | 'uploading' | 'done' | 'failed';
  loaded: number;
  error?: string;
  attachment?: AttachmentRef;
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
  settings: ChatSettings | null;
  uploads: readonly Upload[];
}

/** How long a "typing" lasts without a refresh: a lost `stop` must not leave it on screen for ever. */
const TYPING_TTL_MS = 8000;
const PAGE = 50;

export type SocketFactory = (handlers: SocketHandlers) => Pick<ChatSocket, 'start' | 'stop' | 'send'>;

/** Bounds on the delay a `rate_limited` or busy `unavailable` error names before the same send goes again. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5 * 60 * 1000;

export class ChatStore {
  #snap: ChatSnapshot = {
    status: 'connecting', conversations: null, listError: null, members: {}, timelines: {}, timelineErrors: {}, pending: [],
    typing: {}, presence: {}, issues: {}, names: {}, olderLoading: {}, myStatus: 'online', settings: null, uploads: [],
  };
  readonly #aborts = new Map<string, () => void>();
  #uploadCount = 0;
  readonly #askedNames = new Set<string>();
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
    private readonly uploader: Uploader = xhrUploader,
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
    void this.#loadSettings();
  }

  // Without them the composer uses the server's defaults and the server still enforces its own limits.
  async #loadSettings(): Promise<void> {
    const settings = await this.api.get<ChatSettings>('/api/v1/chat/settings').catch(() => null);
    if (settings) this.#set({ settings });
  }

  stop(): void {
    this.#socket.stop();
    for (const abort of this.#aborts.values()) abort();
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

  /**
   * Names of the people met in chat (members, senders, search hits) that are
   * not known yet, asked for by id, at most 100 at a time. Names are a courtesy:
   * if the lookup fails, people show as "Someone" and the chat still works.
   */
  resolveNames(ids: Iterable<string>): void {
    const missing = [...new Set(ids)].filter((id) => !this.#snap.names[id] && !this.#askedNames.has(id));
    for (let i = 0; i < missing.length; i += 100) {
      const batch = missing.slice(i, i + 100);
      for (const id of batch) this.#askedNames.add(id);
      void this.api.get<{ items: DirectoryEntry[] }>('/api/v1/directory/people', { ids: batch.join(',') }).then(
        (page) => this.learnNames(page.items),
        () => { for (const id of batch) this.#askedNames.delete(id); }, // asked again next time they are met
      );
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
    this.resolveNames(views.flatMap((v) => v.memberIds));
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
    // A membership change comes as the conversation, not as its join or leave event: fetch what it added.
    const t = this.#snap.timelines[v.id];
    if (t && v.lastSeq > contiguousSeq(t)) this.#after(v.id);
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

  async createChannel(name: string, topic: string | null, agencyId: string): Promise<string> {
    const v = await this.api.post<ConversationView>('/api/v1/conversations', { kind: 'channel', name, topic, agencyId });
    this.#upsert(v);
    return v.id;
  }

  /** Joins a channel (open to every State user) by adding myself. */
  async join(conversationId: string): Promise<string> {
    const v = await this.api.post<ConversationView>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/members`, { userIds: [this.me] });
    this.#upsert(v);
    return v.id;
  }

  /** Leaves a group or channel: it leaves my list at once (the server tells my other devices). */
  async leave(conversationId: string): Promise<void> {
    await this.api.delete(`/api/v1/conversations/${encodeURIComponent(conversationId)}/members/me`);
    this.#opened.delete(conversationId);
    this.#set({ conversations: (this.#snap.conversations ?? []).filter((c) => c.id !== conversationId) });
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

  send(conversationId: string, body: string, attachments: readonly AttachmentRef[] = []): void {
    this.dismissIssue(conversationId);
    if (attachments.length > 0) {
      const sent = new Set(attachments.map((a) => a.id));
      this.#set({ uploads: this.#snap.uploads.filter((u) => !(u.attachment && sent.has(u.attachment.id))) });
    }
    this.#submit({ clientId: crypto.randomUUID(), conversationId, kind: 'send', body, state: 'sending', ...(attachments.length > 0 ? { attachments } : {}) });
  }

  /**
   * Uploads a file for the composer. One over the server's limit is refused
   * here, before a byte is sent (§5.3.7); the server checks again.
   */
  upload(conversationId: string, file: File): void {
    const key = `u${++this.#uploadCount}`;
    const base = { key, conversationId, name: file.name, size: file.size, loaded: 0 };
    const max = this.#snap.settings?.attachmentMaxBytes;
    if (max !== undefined && file.size > max) {
      this.#set({ uploads: [...this.#snap.uploads, { ...base, state: 'refused', error: `${file.name} is ${formatBytes(file.size)}; files may be at most ${formatBytes(max)}.` }] });
      return;
    }
    this.#set({ uploads: [...this.#snap.uploads, { ...base, state: 'uploading' }] });
    const patch = (p: Partial<Upload>) => this.#set({ uploads: this.#snap.uploads.map((u) => (u.key === key ? { ...u, ...p } : u)) });
    const task = this.uploader(file, this.api.csrfToken, { onProgress: (loaded) => patch({ loaded }) });
    this.#aborts.set(key, task.abort);
    task.promise.then(
      (attachment) => patch({ state: 'done', loaded: file.size, attachment }),
      (e: unknown) => {
        if (e instanceof UploadError && e.code === 'aborted') return;
        patch({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
      },
    ).finally(() => this.#aborts.delete(key));
  }

  /** Takes a file out of the composer, stopping its upload if it is on its way. */
  removeUpload(key: string): void {
    this.#aborts.get(key)?.();
    this.#set({ uploads: this.#snap.uploads.filter((u) => u.key !== key) });
  }

  /**
   * Sends a refused message again with the matched parts masked ("Redact and
   * send"). The server screens the masked text like any other.
   */
  sendRedacted(conversationId: string, masked: string): void {
    const issue = this.#snap.issues[conversationId];
    if (!issue || issue.kind !== 'send') return;
    if (readDraft(conversationId) === issue.body) writeDraft(conversationId, '');
    this.send(conversationId, masked, issue.attachments ?? []);
  }

  /** A block the sender's role may lift: ask for the justification, then send it again with one (the server records the override). */
  override(conversationId: string): void {
    const issue = this.#snap.issues[conversationId];
    if (!issue || issue.kind !== 'send') return;
    if (readDraft(conversationId) === issue.body) writeDraft(conversationId, '');
    this.dismissIssue(conversationId);
    this.#set({ pending: [...this.#snap.pending, {
      clientId: crypto.randomUUID(), conversationId, kind: 'send', body: issue.body, state: 'confirm', problem: issue.problem,
      ...(issue.attachments?.length ? { attachments: issue.attachments } : {}),
    }] });
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
        else {
          this.#setMembers([{ id: f.conversationId, memberIds: (this.#snap.members[f.conversationId] ?? []).filter((id) => id !== f.userId) } as ConversationView]);
          this.#after(f.conversationId); // the "left" line is an event of its own: fetch it
        }
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
    this.resolveNames([e.senderId, ...(e.userId ? [e.userId] : [])]);
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
    this.resolveNames(f.events.flatMap((e) => [e.senderId, ...(e.userId ? [e.userId] : [])]));
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
        const files = p.attachments?.length ? { attachments: p.attachments } : {};
        // Its files go back to the composer too, to be sent with the changed text (or left out).
        const back = (p.attachments ?? []).map((a): Upload => ({
          key: `u${++this.#uploadCount}`, conversationId: p.conversationId, name: a.name, size: a.size, state: 'done', loaded: a.size, attachment: a,
        }));
        this.#set({
          pending: without(this.#snap.pending, p.clientId), uploads: [...this.#snap.uploads, ...back],
          issues: { ...this.#snap.issues, [p.conversationId]: { kind: p.kind, body: p.body, problem, ...files } },
        });
      } else if (problem) {
        this.#set({ pending: update(this.#snap.pending, p.clientId, { state: 'confirm', problem }) });
      } else if (f.code === 'rate_limited' || (f.code === 'unavailable' && typeof f.data?.retryAfterSeconds === 'number')) {
        // Nothing is dropped (SPEC [SND-6]): the same clientId goes again after the delay, for a limit or for a
        // server that could not check an attachment just now (it says when to try again).
        const named = typeof f.data?.retryAfterMs === 'number' ? f.data.retryAfterMs
          : typeof f.data?.retryAfterSeconds === 'number' ? f.data.retryAfterSeconds * 1000 : 1000;
        // Bounded whatever the frame says: a delay past setTimeout's range would fire at once, in a loop of resends.
        const wait = Number.isFinite(named) ? Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, named)) : 1000;
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
