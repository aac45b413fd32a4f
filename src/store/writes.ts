/**
 * The writes of the hot paths, as data: appending a message event, touching a
 * session, raising a read marker. Because they are data and not closures, a backend can run them
 * wherever its commit is cheapest: SQLite runs them on a writer thread
 * (sql/sqlite-writer.ts), so the event loop never waits for an fsync; other
 * backends run them in a group commit on the event loop (`InProcessWrites`).
 * Either way a caller's promise settles only after its write has committed.
 */
import type { MessageEvent } from '../domain/messaging.js';
import { AppError, ERRORS, type ErrorCode } from '../domain/errors.js';
import type { ReviewItem, Store } from './store.js';
import { StoreError, type StoreErrorKind } from './errors.js';
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
  /** Gets the writer ready now rather than at the first write (a writer thread starts lazily). */
  start(): Promise<void>;
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
    this.#batcher = new WriteBatcher(store, options);
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

  async start(): Promise<void> {}

  close(): Promise<void> {
    return this.#batcher.idle();
  }
}

/** An error as it crosses a thread: structured clone keeps neither class nor fields of our errors. */
export type WireError =
  | { name: 'StoreError'; kind: StoreErrorKind; message: string }
  | { name: 'AppError'; code: ErrorCode; message: string; data: Record<string, unknown> | undefined }
  | { name: 'StaleMembership'; conversationId: string }
  | { name: 'Error'; message: string };

export function toWireError(e: unknown): WireError {
  if (e instanceof StoreError) return { name: 'StoreError', kind: e.kind, message: e.message };
  if (e instanceof AppError) return { name: 'AppError', code: e.code, message: e.message, data: e.data ? { ...e.data } : undefined };
  if (e instanceof StaleMembership) return { name: 'StaleMembership', conversationId: e.conversationId };
  return { name: 'Error', message: e instanceof Error ? e.message : String(e) };
}

export function fromWireError(w: WireError): Error {
  switch (w.name) {
    case 'StoreError':
      return new StoreError(w.kind, w.message);
    case 'AppError':
      return Object.hasOwn(ERRORS, w.code) ? new AppError(w.code, w.message, w.data) : new Error(w.message);
    case 'StaleMembership':
      return new StaleMembership(w.conversationId);
    default:
      return new Error(w.message);
  }
}
