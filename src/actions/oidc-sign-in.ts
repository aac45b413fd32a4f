/**
 * Sign-in through an agency's OpenID Connect provider (§4.1: State identities).
 * `startOidcSignIn` records the flow (state, nonce, PKCE verifier) under the
 * hash of a browser-binding cookie; `completeOidcSignIn` consumes it once,
 * validates the provider's answer, finds or (with JIT) creates the user,
 * applies the claim mapping and opens a session exactly as password sign-in does.
 */
import { sameSecret } from '../auth/tokens.js';
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { AppError } from '../domain/errors.js';
import type { PersonType, User } from '../domain/directory.js';
import type { Role } from '../domain/roles.js';
import { isEmail, parseDomainList, emailDomainAllowed } from '../domain/identity.js';
import type { Store, SessionRecord } from '../store/store.js';
import { OidcError, randomToken, type OidcClient, type OidcRegistry } from '../identity/oidc-client.js';
import { audit, type ActionContext } from './context.js';
import { insertUser } from './users.js';
import { openSession } from './sign-in.js';

/** How long a sign-in may take at the provider. */
export const OIDC_FLOW_SECONDS = 600;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
function requireProvider(registry: OidcRegistry, providerId: string): OidcClient {
  const client = registry.get(providerId);
  if (!client) throw new AppError('not_found', `There is no identity provider ${providerId.slice(0, 64)}.`);
  return client;
}

/** Begins a sign-in: returns the provider URL to send the browser to and the binding for its cookie. */
export async function startOidcSignIn(ctx: ActionContext, registry: OidcRegistry, providerId: string): Promise<{ url: string; binding: string }> {
  const client = requireProvider(registry, providerId);
  const now = ctx.now();
  const binding = randomToken();
  const flow = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
  let url: string;
  try {
    url = await client.authorizationUrl(flow);
  } catch (e) {
    throw new AppError('unavailable', `The identity provider ${providerId} cannot be reached.`, { reason: e instanceof OidcError ? e.reason : 'error' });
  }
  // Housekeeping rides on starts: abandoned flows never pile up.
  await ctx.store.identity.deleteExpiredFlows(now);
  await ctx.store.identity.insertFlow({ id: sha256(binding), provider: providerId, ...flow, createdAt: now, expiresAt: now + OIDC_FLOW_SECONDS * 1000 });
  return { url, binding };
}

export interface OidcCallback {
  binding?: string | undefined;
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
}

const claimString = (claims: JWTPayload, name: string): string | undefined => {
  const v = claims[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** Finishes a sign-in. Every refusal is audited with the provider and the reason, and answers `oidc_failed` or `account_inactive`. */
export async function completeOidcSignIn(
  ctx: ActionContext,
  registry: OidcRegistry,
  providerId: string,
  input: OidcCallback,
): Promise<{ token: string; session: SessionRecord; user: User }> {
  const client = requireProvider(registry, providerId);
  const now = ctx.now();
  let user: User | null = null;
  // Filled in once the ID token is valid, so later refusals name the subject.
  const seen: { subject?: string } = {};

  const fail = async (reason: string, code: 'oidc_failed' | 'account_inactive' = 'oidc_failed'): Promise<AppError> => {
    await ctx.store.transaction((tx) =>
      audit(tx, ctx, null, {
        action: 'auth.sign_in.failure', targetType: 'user', targetId: user?.id ?? null, agencyId: user?.agencyId ?? null,
        after: { method: 'oidc', provider: providerId, reason: reason.slice(0, 120), ...(seen.subject ? { subject: seen.subject.slice(0, 255) } : {}) },
      }),
    );
    return new AppError(code, code === 'oidc_failed' ? `Sign-in with ${providerId} failed (${reason.slice(0, 120)}).` : undefined, { reason: reason.slice(0, 120) });
  };

  if (!input.binding) throw await fail('no_flow_cookie');
  // Taken (deleted) before anything else: a flow is used once, whatever happens next.
  const flow = await ctx.store.identity.takeFlow(sha256(input.binding));
  if (!flow || flow.provider !== providerId || flow.expiresAt <= now) throw await fail('unknown_or_expired_flow');
  if (input.error) throw await fail(`provider_error_${input.error.replace(/[^A-Za-z0-9_]/g, '').slice(0, 40)}`);
  if (!input.state || !sameSecret(input.state, flow.state)) throw await fail('state_mismatch');
  if (!input.code) throw await fail('no_code');

  let claims: JWTPayload;
  try {
    const idToken = await client.exchange(input.code, flow.codeVerifier);
    claims = await client.verifyIdToken(idToken, flow.nonce);
  } catch (e) {
    if (e instanceof OidcError) throw await fail(e.reason);
    throw e;
  }
  const subject = claims.sub!;
  seen.subject = subject;
  const map = client.config.claims;
  const email = claimString(claims, map.email)?.toLowerCase();
  const allowed = parseDomainList(ctx.config.allowedEmailDomains);

  const linkedId = await ctx.store.identity.userIdForOidc(providerId, subject);
  let jit: { username: string; displayName: string; email: string } | null = null;
  if (linkedId) {
    user = await ctx.store.users.get(linkedId);
    if (!user) throw await fail('unknown_user');
  } else {
    const username = claimString(claims, map.username)?.trim().toLowerCase();
    if (!username || !USERNAME.test(username)) throw await fail('bad_username_claim');
    user = await ctx.store.users.getByUsername(username);
    if (user) {
      // The username is taken by someone linked to another subject at this provider: not them.
      const other = await ctx.store.identity.oidcSubjectOf(providerId, user.id);
      if (other !== null && other !== subject) {
        user = null;
        throw await fail('subject_mismatch');
      }
      // A username claim alone never unlocks a system administrator: at some
      // providers users can edit it. Administrators keep their password sign-in.
      if ((await ctx.store.roles.listFor(user.id)).some((r) => r.role === 'system_admin')) throw await fail('system_admin_not_linked');
    } else {
      if (!client.config.jit.enabled) throw await fail('unknown_user');
      if (!email || !isEmail(email) || claims.email_verified === false) throw await fail('jit_needs_verified_email');
      // Claims are untrusted text: control characters (NUL above all, which PostgreSQL refuses) are dropped.
      // eslint-disable-next-line no-control-regex
      const displayName = (claimString(claims, map.displayName) ?? username).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 128) || username;
      jit = { username, displayName, email };
    }
  }
  if (user && user.status !== 'active') throw await fail(`status_${user.status}`, 'account_inactive');
  // §4.1: the address the provider vouches for must be a State one, for new and existing users alike.
  if (email && !emailDomainAllowed(email, allowed)) throw await fail('email_domain_not_allowed');
  if (allowed.length > 0 && !email && !user?.email) throw await fail('email_domain_not_allowed');

  let agencyId: string | null | undefined;
  if (map.agencyCode) {
    const code = claimString(claims, map.agencyCode);
    if (code) {
      const agency = await ctx.store.agencies.getByCode(code.toUpperCase());
      if (!agency) throw await fail('unknown_agency');
      agencyId = agency.id;
    }
  }
  const label = `oidc:${providerId}`;
  const existing = user;
  try {
    // The callback is a browser navigation, so the session is a cookie session.
    return await openSession(ctx, { kind: 'cookie', method: 'oidc', provider: providerId }, async (tx) => {
      let u: User;
      if (jit) {
        u = await insertUser(ctx, tx, {
          username: jit.username, displayName: jit.displayName, email: jit.email, agencyId: agencyId ?? null,
          personType: client.config.jit.personType as PersonType,
        });
        await audit(tx, ctx, null, { actorLabel: label, action: 'user.create', targetType: 'user', targetId: u.id, agencyId: u.agencyId, after: { ...u, via: 'oidc_jit' } });
      } else if (!existing) {
        throw new AppError('internal', 'no user to sign in');
      } else if (agencyId !== undefined && agencyId !== existing.agencyId) {
        await tx.users.update(existing.id, { agencyId, updatedAt: now });
        await audit(tx, ctx, null, { actorLabel: label, action: 'user.update', targetType: 'user', targetId: existing.id, agencyId, before: { agencyId: existing.agencyId }, after: { agencyId } });
        u = { ...existing, agencyId, updatedAt: now };
      } else {
        u = existing;
      }
      if (!linkedId) await tx.identity.linkOidc(providerId, subject, u.id, now);
      await syncRoles(tx, u);
      return u;
    });
  } catch (e) {
    // The address was checked above; this catches a race with a concurrent JIT of the same username.
    if (e instanceof AppError && e.code === 'already_exists') throw await fail('username_taken');
    throw e;
  }

  /** The groups claim decides the mapped roles, in the user's own agency: added when present, removed when absent. */
  async function syncRoles(tx: Store, u: User): Promise<void> {
    const groupsClaim = map.groups;
    if (!groupsClaim || u.agencyId === null) return;
    const raw = claims[groupsClaim];
    const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : [];
    const mapping = client.config.groupRoles;
    const managed = new Set(Object.values(mapping) as Role[]);
    const wanted = new Set(groups.flatMap((g) => (mapping[g] ? [mapping[g] as Role] : [])));
    const held = (await tx.roles.listFor(u.id)).filter((a) => a.agencyId === u.agencyId && managed.has(a.role));
    for (const role of wanted) {
      if (held.some((a) => a.role === role)) continue;
      await tx.roles.grant(u.id, { role, agencyId: u.agencyId }, null, now);
      await audit(tx, ctx, null, { actorLabel: label, action: 'user.role.grant', targetType: 'user', targetId: u.id, agencyId: u.agencyId, after: { role, agencyId: u.agencyId } });
    }
    for (const a of held) {
      if (wanted.has(a.role)) continue;
      await tx.roles.revoke(u.id, a);
      await audit(tx, ctx, null, { actorLabel: label, action: 'user.role.revoke', targetType: 'user', targetId: u.id, agencyId: u.agencyId, before: a });
    }
  }
}
