/**
 * The Store: one interface of per-entity stores, implemented once over Kysely
 * for SQLite and PostgreSQL (store/sql/). Every method throws StoreError for
 * driver failures. Writes that must be atomic with their audit entry run in
 * `transaction`, which hands the callback a Store bound to that transaction.
 */
import type { Agency, Credential, PersonType, User, UserStatus } from '../domain/directory.js';
import type { Role, RoleAssignment } from '../domain/roles.js';
import type { AuditEntry, AuditEntryInput } from '../domain/audit-chain.js';
import type { Attachment, Conversation, Member, Membership, MessageEvent } from '../domain/messaging.js';
import type { IdentityStore } from './identity-store.js';
import type { DeviceStore } from './device-store.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  next?: string;
}

export interface AgencyStore {
  insert(agency: Agency): Promise<void>;
  get(id: string): Promise<Agency | null>;
  getByCode(code: string): Promise<Agency | null>;
  list(filter: { ids?: string[] }): Promise<Agency[]>;
  update(id: string, patch: { name?: string }): Promise<void>;
}

export interface UserFilter {
  agencyIds?: string[];
  status?: UserStatus;
  personType?: PersonType;
  /** Case-insensitive prefix of username or display name. */
  query?: string;
  limit: number;
  after?: string;
}

export interface UserStore {
  insert(user: User): Promise<void>;
  get(id: string): Promise<User | null>;
  /** The users among these ids that exist, in one query (at most 1000 ids). */
  getMany(ids: readonly string[]): Promise<User[]>;
  getByUsername(username: string): Promise<User | null>;
  list(filter: UserFilter): Promise<Page<User>>;
  update(id: string, patch: Partial<Pick<User, 'displayName' | 'email' | 'agencyId' | 'personType' | 'status'>> & { updatedAt: number }): Promise<void>;
  countWithRole(role: Role): Promise<number>;
}

export interface CredentialStore {
  get(userId: string): Promise<Credential | null>;
  upsert(credential: Credential): Promise<void>;
  recordFailure(userId: string, failedAttempts: number, lockedUntil: number | null, now: number): Promise<void>;
  resetFailures(userId: string, now: number): Promise<void>;
}

export interface RoleStore {
  listFor(userId: string): Promise<RoleAssignment[]>;
  grant(userId: string, assignment: RoleAssignment, grantedBy: string | null, now: number): Promise<void>;
  revoke(userId: string, assignment: RoleAssignment): Promise<void>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  kind: 'cookie' | 'bearer';
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The device the session proved it runs on; null until it has (§5.3.8). */
  deviceId: string | null;
}

/** A session that was ended, and whose it was: what live connections need to be closed. */
export interface EndedSession {
  id: string;
  userId: string;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  listForUser(userId: string): Promise<SessionRecord[]>;
  /** A user's sessions not revoked and not past either expiry at `now`, newest first. */
  listLive(userId: string, now: number): Promise<SessionRecord[]>;
  touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void>;
  revoke(id: string, at: number, reason: string): Promise<boolean>;
  /** Ends every live session of a user; returns the ids it ended. */
  revokeAllForUser(userId: string, at: number, reason: string): Promise<string[]>;
  /** Ends every live session bound to a device. */
  revokeForDevice(deviceId: string, at: number, reason: string): Promise<EndedSession[]>;
  /** Binds an unbound session to a device; false when it was already bound. */
  bindDevice(id: string, deviceId: string): Promise<boolean>;
  /** When each user was last seen on any session (§8.5 presence). */
  lastSeen(userIds: string[]): Promise<Map<string, number>>;
}

export interface PolicyVersion {
  id: string;
  number: number;
  packId: string;
  version: string;
  title: string;
  banner: string;
  source: string;
  publishedAt: number;
  publishedBy: string | null;
}

export interface PolicyAck {
  id: string;
  userId: string;
  policyVersionId: string;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  at: number;
}

export interface PolicyStore {
  current(): Promise<PolicyVersion | null>;
  get(id: string): Promise<PolicyVersion | null>;
  list(): Promise<Omit<PolicyVersion, 'source'>[]>;
  /** Inserts as the next number; the caller runs this in a transaction. */
  publish(version: Omit<PolicyVersion, 'number'>): Promise<PolicyVersion>;
  insertAck(ack: PolicyAck): Promise<void>;
  hasAck(userId: string, policyVersionId: string): Promise<boolean>;
  listAcks(filter: { userId?: string; policyVersionId?: string; limit: number }): Promise<PolicyAck[]>;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  agencyIds?: string[];
  from?: number;
  to?: number;
  /** Entries with seq below this (newest first paging). */
  beforeSeq?: number;
  limit: number;
}

/** An entry with its JSON columns exactly as stored, for hash verification. */
export interface StoredAuditEntry {
  entry: AuditEntry;
  beforeJson: string | null;
  afterJson: string | null;
}

export interface AuditStore {
  /** Appends to the hash chain; must run inside a transaction. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Oldest first, for verification. */
  scan(afterSeq: number, limit: number): Promise<StoredAuditEntry[]>;
  head(): Promise<{ seq: number; hash: string }>;
}

export interface ConversationSummary extends Conversation {
  role: Member['role'];
  readSeq: number;
  /** Messages from others after the read marker. */
  unread: number;
}

export interface ConversationStore {
  /** directKey: for a direct conversation, the pair's key (unique). */
  insert(c: Conversation, directKey?: string): Promise<void>;
  get(id: string): Promise<Conversation | null>;
  getByDirectKey(key: string): Promise<Conversation | null>;
  /** The user's current conversations, most recently active first. */
  listForUser(userId: string, limit: number): Promise<ConversationSummary[]>;
  /** Channels that can be joined, filtered by owning agency. */
  listChannels(filter: { agencyIds?: string[]; query?: string; limit: number }): Promise<Conversation[]>;
  /** Adds a member, or brings back one who left. */
  upsertMember(m: Member): Promise<void>;
  markLeft(conversationId: string, userId: string, at: number): Promise<void>;
  getMember(conversationId: string, userId: string): Promise<Member | null>;
  /** Current members only. */
  listMembers(conversationId: string): Promise<Member[]>;
  /**
   * The current members with the membership version, or null if there is no
   * such conversation. Outside a transaction the version is read first: a
   * change that lands between the two reads leaves an old version with newer
   * members, which a version check refreshes, never the reverse.
   */
  membership(conversationId: string): Promise<Membership | null>;
  /** Raises the read marker; never lowers it. Returns the marker after the call. */
  raiseReadSeq(conversationId: string, userId: string, seq: number): Promise<number>;
}

export interface EventRange {
  afterSeq?: number;
  beforeSeq?: number;
  limit: number;
  /** asc: oldest first from afterSeq; desc: newest first below beforeSeq. */
  order: 'asc' | 'desc';
}

export interface BodySearch {
  /** Only conversations this user is a current member of. */
  userId: string;
  /** A literal substring, matched case-insensitively (LIKE wildcards are escaped). */
  needle: string;
  conversationId?: string;
  /** Continue below this (createdAt, id), newest first. */
  before?: { createdAt: number; id: string };
  limit: number;
}

export interface Appended extends MessageEvent {
  /** The conversation's membership version at the append, read under its lock: the members this event is committed among. */
  membersVersion: number;
}

export interface MessageStore {
  /**
   * Takes the conversation's next sequence number and appends the event.
   * Must run inside a transaction; the sequence bump locks the conversation row.
   */
  append(event: Omit<MessageEvent, 'seq'>): Promise<Appended>;
  getByClientId(senderId: string, clientId: string): Promise<MessageEvent | null>;
  /** The original message event of a message id. */
  getMessage(messageId: string): Promise<MessageEvent | null>;
  /** Any event by its id (a message, an edit, …). */
  getEvent(id: string): Promise<MessageEvent | null>;
  range(conversationId: string, range: EventRange): Promise<MessageEvent[]>;
  /** Edits and deletions that refer to any of these messages. */
  changesTo(messageIds: string[]): Promise<MessageEvent[]>;
  /**
   * Message and edit events whose stored body contains the needle, newest
   * first. Candidates only: the stored body may have been edited away, deleted
   * or redacted for members, so the caller folds changes before showing any.
   */
  searchBodies(search: BodySearch): Promise<MessageEvent[]>;
}

export interface AttachmentStore {
  insert(a: Attachment): Promise<void>;
  get(id: string): Promise<Attachment | null>;
  /** Bytes a user uploaded at or after `since`. */
  bytesSince(uploaderId: string, since: number): Promise<number>;
  /** Binds unbound attachments of the uploader to a message; returns how many were bound. */
  bind(ids: string[], uploaderId: string, conversationId: string, messageId: string): Promise<number>;
}

export interface ReviewItem {
  id: string;
  eventId: string;
  conversationId: string;
  senderId: string;
  agencyId: string | null;
  policyVersionId: string;
  action: string;
  rules: unknown;
  status: 'open' | 'closed';
  createdAt: number;
}

export interface ReviewStore {
  insert(item: ReviewItem): Promise<void>;
  /** Newest first; `agencyIds` limits to senders of those agencies. */
  list(filter: { status?: ReviewItem['status']; agencyIds?: string[]; beforeCreatedAt?: number; limit: number }): Promise<ReviewItem[]>;
}

export interface Store {
  readonly dialect: Dialect;
  readonly agencies: AgencyStore;
  readonly users: UserStore;
  readonly credentials: CredentialStore;
  readonly roles: RoleStore;
  readonly sessions: SessionStore;
  readonly policies: PolicyStore;
  readonly audit: AuditStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly attachments: AttachmentStore;
  readonly reviews: ReviewStore;
  /** OIDC links and flows, provisioning tokens, SCIM bookkeeping. */
  readonly identity: IdentityStore;
  /** Authorized devices and enrollment policies (§5.3.8). */
  readonly devices: DeviceStore;
  /**
   * Runs `fn` in one transaction; nested calls join the outer one.
   * `onCommitted` is called once the commit has happened, before the promise
   * resolves (which may wait for it to be durable, ADR 008); not for a nested call.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, options?: { onCommitted?: () => void }): Promise<T>;
  /** Cheap round trip for readiness probes. */
  ping(): Promise<void>;
  /**
   * Resolves once every commit that a read made so far may have seen is
   * durable. SQLite makes a commit visible a moment before its WAL sync ends
   * (ADR 008): whoever answers from such a read (a resend's first ack) waits
   * for this first. Immediate on PostgreSQL.
   */
  durable(): Promise<void>;
  close(): Promise<void>;
}
