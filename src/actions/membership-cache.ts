/**
 * Each node keeps the member lists of the conversations it serves, so a send
 * needs no membership reads. The cache is never trusted on its own: a message's
 * append returns the conversation's membership version, read under the
 * conversation's lock, and the send path compares it with the version its
 * checks used (actions/messages.ts). A list that is out of date, because a
 * member joined or left on another node, or because a bus message was lost,
 * undoes the append; it is read again, the checks run again and the append is
 * tried again (ADR 005, ADR 007). Hub events about
 * conversations only drop entries early (forget), on every node.
 */
import type { Membership } from '../domain/messaging.js';
import type { Store } from '../store/store.js';

export class MembershipCache {
  /** Map order is least recently used first. */
  readonly #entries = new Map<string, Membership>();
  readonly #maxEntries: number;

  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  /** The membership as last seen on this node, or read from the store; null if the conversation does not exist. */
  async get(store: Store, conversationId: string): Promise<Membership | null> {
    const hit = this.#entries.get(conversationId);
    if (!hit) return this.load(store, conversationId);
    this.#entries.delete(conversationId);
    this.#entries.set(conversationId, hit);
    return hit;
  }

  /** Reads the membership from the store (or a transaction) and keeps it. */
  async load(store: Store, conversationId: string): Promise<Membership | null> {
    const m = await store.conversations.membership(conversationId);
    if (m) this.remember(m);
    else this.#entries.delete(conversationId);
    return m;
  }

  /** Keeps a membership unless a newer version is already held. */
  remember(m: Membership): void {
    const held = this.#entries.get(m.conversationId);
    if (held && held.version > m.version) return;
    this.#entries.delete(m.conversationId);
    this.#entries.set(m.conversationId, m);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  forget(conversationId: string): void {
    this.#entries.delete(conversationId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
