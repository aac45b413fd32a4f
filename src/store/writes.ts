/**
 * The writes of the hot paths, as data: appending a message event, touching a
 * session, raising a read marker. Every backend runs them in a group commit on
 * the event loop (`InProcessWrites`, write-batcher.ts): one transaction, and
 * one durable commit, for the writes that arrive together. A caller's promise
 * settles only after its write has committed durably; on SQLite the fsync that
 * makes it durable runs off the event loop (sql/wal-sync.ts, ADR 008).
 */
import type { MessageEvent } from '../domain/messaging.js';
import { AppError } from '../domain/errors.js';
import type { ReviewItem, Store } from './store.js';
import { WriteBatcher } from './write-batcher.js';

export interface AppendWrite {
  kind: 'append';
  event: Omit<MessageEvent, 'seq'>;
  /** Uploads of the sender's that the event carries; each must still be unbound. */
  attachmentIds: string[];
  uploaderId: string;
  /** A review-queue row for a flagged message, written in the same transaction. */
  review: ReviewItem | null;
  /** The membership version the sender's checks used; another version at the append is `StaleMembership`. */
  membersVersion: number;
}

export interface TouchWrite {
  kind: 'touch';
  sessionId: string;
  lastSeenAt: number;
  idleExpiresAt: number;
  /** The session's device, with its addresses as they are to be stored. */
  device: { id: string; addresses: string[] } | null;
}

/** Raises a member's read marker (never lowers it). */
export interface ReadWrite {
  kind: 'read';
  conversationId: string;
  userId: string;
  seq: number;
}

export type Write = AppendWrite | TouchWrite | ReadWrite;
type ResultOf<W extends Write> = W extends AppendWrite ? MessageEvent : W extends ReadWrite ? number : null;

export interface Writes {
  /** Appends a message event; it has committed when this resolves. */
  append(w: Omit<AppendWrite, 'kind'>): Promise<MessageEvent>;
  /** Records a session's (and its device's) activity. */
  touch(w: Omit<TouchWrite, 'kind'>): Promise<void>;
  /** Raises a read marker; resolves to the marker as stored. */
  markRead(w: Omit<ReadWrite, 'kind'>): Promise<number>;
  /** Waits for the writes in progress, then releases what the writer holds. */
  close(): Promise<void>;
}

/**
 * The conversation's membership changed since the sender's checks: nothing was
 * written. The caller reads the members again, checks again and retries.
 */
export class StaleMembership extends Error {
  constructor(readonly conversationId: string) {
    super(`the membership of ${conversationId} changed`);
    this.name = 'StaleMembership';
  }
}

/** Runs one write in the transaction `tx`. Shared by every backend's writer, so each does exactly the same. */
export async function applyWrite<W extends Write>(tx: Store, w: W): Promise<ResultOf<W>> {
  if (w.kind === 'touch') {
    await tx.sessions.touch(w.sessionId, w.lastSeenAt, w.idleExpiresAt);
    if (w.device) await tx.devices.touch(w.device.id, w.lastSeenAt, w.device.addresses);
    return null as ResultOf<W>;
  }
  if (w.kind === 'read') return (await tx.conversations.raiseReadSeq(w.conversationId, w.userId, w.seq)) as ResultOf<W>;
  const { membersVersion, ...stored } = await tx.messages.append(w.event);
  // Throwing undoes the sequence bump; the group commit retries the others of the batch without it.
  if (membersVersion !== w.membersVersion) throw new StaleMembership(w.event.conversationId);
  if (w.attachmentIds.length > 0 && (await tx.attachments.bind(w.attachmentIds, w.uploaderId, w.event.conversationId, stored.messageId)) !== w.attachmentIds.length) {
    throw new AppError('conflict', 'An attachment was sent with another message at the same time.');
  }
  // Delivered, and queued for review in the same transaction (§4.2: monitored; §6.0: enforcement).
  if (w.review) await tx.reviews.insert(w.review);
  return stored as ResultOf<W>;
}

/** The group commit on the event loop: for PostgreSQL (whose driver does not block) and stores opened in memory. */
export class InProcessWrites implements Writes {
  readonly #batcher: WriteBatcher;

  constructor(store: Store, options: { onBatch?: (size: number) => void } = {}) {
    // SQLite's driver orders transactions and answers a commit after its WAL sync (ADR 008): two batches may overlap.
    this.#batcher = new WriteBatcher(store, { ...options, concurrency: store.dialect === 'sqlite' ? 2 : 1 });
  }

  append(w: Omit<AppendWrite, 'kind'>): Promise<MessageEvent> {
    return this.#batcher.run((tx) => applyWrite(tx, { kind: 'append', ...w }));
  }

  touch(w: Omit<TouchWrite, 'kind'>): Promise<void> {
    return this.#batcher.run(async (tx) => {
      await applyWrite(tx, { kind: 'touch', ...w });
    });
  }

  markRead(w: Omit<ReadWrite, 'kind'>): Promise<number> {
    return this.#batcher.run((tx) => applyWrite(tx, { kind: 'read', ...w }));
  }

  close(): Promise<void> {
    return this.#batcher.idle();
  }
}
