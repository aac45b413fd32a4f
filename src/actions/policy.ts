/**
 * Policy versions and acknowledgements (WVOT-PO1010 §4.2). A user must
 * acknowledge the current version before reading or sending any message;
 * publishing a new version requires a fresh acknowledgement from everyone.
 */
import { AppError } from '../domain/errors.js';
import { authorize } from '../domain/roles.js';
import { ROLES } from '../domain/roles.js';
import { PolicyPackError, compilePolicy, parsePolicyPack, type PackIssue, type PolicyPack } from '../policy/index.js';
import { re2RegexEngine } from '../policy/regex-re2.js';
import type { PolicyAck, PolicyVersion } from '../store/store.js';
import { audit, newId, type ActionContext, type Actor } from './context.js';

/**
 * Remembers the current policy version for a second, and which users have
 * acknowledged it: the chat gate runs on every message. Acknowledgements are
 * never withdrawn, so a positive answer stays true for its version; a version
 * published on another node is seen within `ttlMs`.
 */
export class PolicyCache {
  #current: { version: PolicyVersion; at: number } | null = null;
  readonly #acked = new Set<string>();
  constructor(private readonly ttlMs = 1000) {}

  async current(ctx: ActionContext): Promise<PolicyVersion | null> {
    const now = ctx.now();
    if (this.#current && now - this.#current.at < this.ttlMs) return this.#current.version;
    const fresh = await ctx.store.policies.current();
    // A published version never changes, so the object already held is kept: the
    // compiled engine is cached per object (engineFor), and compiling a pack takes
    // tens of milliseconds that every message behind it would wait for.
    const version = fresh && this.#current?.version.id === fresh.id ? this.#current.version : fresh;
    this.#current = version ? { version, at: now } : null;
    return version;
  }

  async hasAck(ctx: ActionContext, userId: string, policyVersionId: string): Promise<boolean> {
    const key = `${userId}:${policyVersionId}`;
    if (this.#acked.has(key)) return true;
    const acked = await ctx.store.policies.hasAck(userId, policyVersionId);
    if (acked) {
      if (this.#acked.size > 100_000) this.#acked.clear();
      this.#acked.add(key);
    }
    return acked;
  }

  forget(): void {
    this.#current = null;
  }
}

export async function currentPolicy(ctx: ActionContext): Promise<PolicyVersion> {
  const current = await ctx.policyCache.current(ctx);
  if (!current) throw new AppError('unavailable', 'No acceptable-use policy has been published.');
  return current;
}

export interface AckStatus {
  policy: PolicyVersion;
  acknowledged: boolean;
}

export async function ackStatus(ctx: ActionContext, actor: Actor): Promise<AckStatus> {
  const policy = await currentPolicy(ctx);
  return { policy, acknowledged: await ctx.policyCache.hasAck(ctx, actor.user.id, policy.id) };
}

/**
 * The gate in front of every chat read and write. Throws
 * `policy_ack_required` naming the version to acknowledge.
 */
export async function requireChatAccess(ctx: ActionContext, actor: Actor): Promise<void> {
  authorize(actor.principal, 'chat.use');
  const { policy, acknowledged } = await ackStatus(ctx, actor);
  if (!acknowledged) {
    throw new AppError('policy_ack_required', undefined, { policyVersionId: policy.id, version: policy.version });
  }
}

/** Records the acknowledgement with user, version, time, session and client address. */
export async function acknowledgePolicy(ctx: ActionContext, actor: Actor, policyVersionId: string): Promise<PolicyAck> {
  const policy = await currentPolicy(ctx);
  if (policyVersionId !== policy.id) {
    throw new AppError('policy_version_mismatch', `Version ${policyVersionId} is not current; acknowledge ${policy.id}.`, {
      currentPolicyVersionId: policy.id,
    });
  }
  const ack: PolicyAck = {
    id: newId(),
    userId: actor.user.id,
    policyVersionId: policy.id,
    sessionId: actor.sessionId,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    at: ctx.now(),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.policies.insertAck(ack);
    await audit(tx, ctx, actor, {
      action: 'policy.acknowledge', targetType: 'policy_version', targetId: policy.id, agencyId: actor.user.agencyId,
      after: { version: policy.version, sessionId: actor.sessionId },
    });
  });
  return ack;
}

/**
 * Validates a pack completely before it can be published: its format, that it
 * compiles (administrator patterns included, under RE2), and that every role it
 * names is one of Parley's. Errors name the field.
 */
export function checkPack(source: string): PolicyPack {
  let pack: PolicyPack;
  const issues: PackIssue[] = [];
  try {
    pack = parsePolicyPack(source);
    compilePolicy(pack, { regex: re2RegexEngine });
    pack.rules.forEach((rule, i) => {
      const named = [
        ...rule.overridableBy.map((r) => [`rules[${i}].overridableBy`, r] as const),
        ...(rule.appliesTo?.roles ?? []).map((r) => [`rules[${i}].appliesTo.roles`, r] as const),
        ...(rule.exempt?.roles ?? []).map((r) => [`rules[${i}].exempt.roles`, r] as const),
      ];
      for (const [path, role] of named) {
        if (!(ROLES as readonly string[]).includes(role)) issues.push({ path, message: `"${role}" is not a Parley role (${ROLES.join(', ')})` });
      }
    });
  } catch (e) {
    if (!(e instanceof PolicyPackError)) throw e;
    issues.push(...e.issues);
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new AppError('validation_failed', `Policy pack: ${issues.slice(0, 5).map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ')}.`, {
      field: first.path, issues: issues.slice(0, 50),
    });
  }
  return pack!;
}

/** Inserts a version without an actor: the shipped pack at first start. */
export async function publishPolicySource(ctx: ActionContext, actor: Actor | null, source: string): Promise<PolicyVersion> {
  const header = checkPack(source);
  ctx.policyCache.forget();
  return ctx.store.transaction(async (tx) => {
    const published = await tx.policies.publish({
      id: newId(),
      packId: header.id,
      version: header.version,
      title: header.title,
      banner: header.banner,
      source,
      publishedAt: ctx.now(),
      publishedBy: actor?.user.id ?? null,
    });
    await audit(tx, ctx, actor, {
      action: 'policy.publish', targetType: 'policy_version', targetId: published.id,
      after: { packId: header.id, version: header.version, number: published.number },
    });
    return published;
  });
}

export async function publishPolicy(ctx: ActionContext, actor: Actor, source: string): Promise<PolicyVersion> {
  authorize(actor.principal, 'policy.publish');
  return publishPolicySource(ctx, actor, source);
}

export async function listPolicyVersions(ctx: ActionContext, actor: Actor): Promise<Omit<PolicyVersion, 'source'>[]> {
  authorize(actor.principal, 'policy.read');
  return ctx.store.policies.list();
}

export async function getPolicyVersion(ctx: ActionContext, actor: Actor, id: string): Promise<PolicyVersion> {
  const current = await currentPolicy(ctx);
  // Everyone may read the current policy; older versions are for staff.
  if (id !== current.id) authorize(actor.principal, 'policy.read');
  const v = id === current.id ? current : await ctx.store.policies.get(id);
  if (!v) throw new AppError('not_found', `Policy version ${id} does not exist.`);
  return v;
}

const parsedPacks = new WeakMap<PolicyVersion, PolicyPack>();

/**
 * The current pack as data, for the web client's advisory coaching: anyone
 * signed in may read the current policy (see getPolicyVersion), so this shows
 * nothing new; it only spares the browser a YAML parser.
 */
export async function currentPack(ctx: ActionContext, _actor: Actor): Promise<{ policyVersionId: string; version: string; pack: PolicyPack }> {
  const current = await currentPolicy(ctx);
  let pack = parsedPacks.get(current);
  if (!pack) {
    pack = parsePolicyPack(current.source);
    parsedPacks.set(current, pack);
  }
  return { policyVersionId: current.id, version: current.version, pack };
}
