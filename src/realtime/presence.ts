/**
 * Presence (WVOT-PO1010 §8.5: "notifies users when other users are online and
 * able to accept messages"). Each node knows its own connections; nodes tell
 * each other their users' states over the bus and refresh them with periodic
 * snapshots, so the states of a node that died expire on their own. Pure state:
 * the hub does the I/O.
 */
import type { PresenceStatus } from '../domain/events.js';

/** The order in which one user's devices decide the user's status. */
const RANK: Record<PresenceStatus, number> = { offline: 0, away: 1, online: 2, dnd: 3 };

export const strongest = (statuses: Iterable<PresenceStatus>): PresenceStatus => {
  let best: PresenceStatus = 'offline';
  for (const s of statuses) if (RANK[s] > RANK[best]) best = s;
  return best;
};

export class PresenceTable {
  /** userId -> nodeId -> { status, refreshed at } */
  readonly #remote = new Map<string, Map<string, { status: PresenceStatus; at: number }>>();

  constructor(private readonly ttlMs: number) {}

  /** Records one node's view of a user; returns true if the user's overall status changed. */
  set(nodeId: string, userId: string, status: PresenceStatus, at: number): boolean {
    const before = this.get(userId, at);
    let nodes = this.#remote.get(userId);
    if (status === 'offline') {
      nodes?.delete(nodeId);
      if (nodes?.size === 0) this.#remote.delete(userId);
    } else {
      if (!nodes) this.#remote.set(userId, (nodes = new Map()));
      nodes.set(nodeId, { status, at });
    }
    return this.get(userId, at) !== before;
  }

  get(userId: string, now: number): PresenceStatus {
    const nodes = this.#remote.get(userId);
    if (!nodes) return 'offline';
    const live: PresenceStatus[] = [];
    for (const v of nodes.values()) if (now - v.at <= this.ttlMs) live.push(v.status);
    return strongest(live);
  }

  /**
   * Applies a node's full snapshot: users it no longer lists go offline there.
   * Returns the users whose overall status changed.
   */
  applySnapshot(nodeId: string, users: Record<string, PresenceStatus>, at: number): string[] {
    const changed = new Set<string>();
    for (const [userId, nodes] of this.#remote) {
      if (nodes.has(nodeId) && !(userId in users) && this.set(nodeId, userId, 'offline', at)) changed.add(userId);
    }
    for (const [userId, status] of Object.entries(users)) if (this.set(nodeId, userId, status, at)) changed.add(userId);
    return [...changed];
  }

  /** Forgets states not refreshed within the TTL; returns users who went offline. */
  expire(now: number): string[] {
    const gone: string[] = [];
    for (const [userId, nodes] of this.#remote) {
      const before = strongest([...nodes.values()].map((v) => v.status));
      for (const [nodeId, v] of nodes) if (now - v.at > this.ttlMs) nodes.delete(nodeId);
      if (nodes.size === 0) this.#remote.delete(userId);
      if (before !== 'offline' && this.get(userId, now) === 'offline') gone.push(userId);
    }
    return gone;
  }
}
