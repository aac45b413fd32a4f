/**
 * What every action receives: the store, configuration, an injected clock and
 * the facts of the request that the audit log records.
 */
import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';
import type { User } from '../domain/directory.js';
import type { Principal } from '../domain/roles.js';
import type { AuditEntryInput } from '../domain/audit-chain.js';
import { AppError } from '../domain/errors.js';
import { isStoreError } from '../store/errors.js';
import type { EventSink, PresenceReader } from '../domain/events.js';
import type { TokenBuckets } from '../domain/token-buckets.js';
import type { BlobStore } from '../blobs/index.js';
import type { Writes } from '../store/writes.js';
import type { PolicyCache } from './policy.js';
import type { MembershipCache } from './membership-cache.js';
import type { ExtractionCache } from '../policy/extract/cache.js';
import { newId } from './ids.js';

export interface ActionContext {
  readonly store: Store;
  readonly config: Config;
  readonly now: () => number;
  /** Where committed changes are announced to members' live sessions. */
  readonly events: EventSink;
  /** Who is online (§8.5). */
  readonly presence: PresenceReader;
  /** §5.3.5: per-user message allowance. */
  readonly messageLimiter: TokenBuckets;
  /** Attachment bytes, content-addressed. */
  readonly blobs: BlobStore;
  /** The hot paths' writes (message appends, session touches), group-committed off the event loop where the backend allows. */
  readonly writes: Writes;
  readonly policyCache: PolicyCache;
  /** Attachment text already extracted on this node, by content hash and limits (policy/extract/cache.ts). */
  readonly extractions: ExtractionCache;
  /** Conversation members as last seen on this node; writes confirm them (membership-cache.ts). */
  readonly membership: MembershipCache;
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** The authenticated caller. */
export interface Actor {
  readonly user: User;
  readonly principal: Principal;
  readonly sessionId: string | null;
}

export { newId } from './ids.js';

export interface AuditFacts {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  agencyId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Names a system acting without a signed-in person (a SCIM token, an OIDC provider); defaults to the actor's username. */
  actorLabel?: string;
}

/** Appends one audit entry in the caller's transaction. */
export function audit(tx: Store, ctx: ActionContext, actor: Actor | null, facts: AuditFacts): Promise<unknown> {
  const entry: AuditEntryInput = {
    id: newId(),
    at: ctx.now(),
    actorId: actor?.user.id ?? null,
    actorLabel: actor?.user.username ?? facts.actorLabel?.slice(0, 128) ?? 'system',
    action: facts.action,
    targetType: facts.targetType ?? null,
    targetId: facts.targetId ?? null,
    agencyId: facts.agencyId ?? null,
    before: facts.before ?? null,
    after: facts.after ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
  return tx.audit.append(entry);
}

/** Runs a store call and turns a unique violation into `already_exists` naming the field. */
export async function unique<T>(field: string, value: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isStoreError(e, 'unique_violation')) throw new AppError('already_exists', `${field} "${value}" is already taken.`, { field });
    throw e;
  }
}
