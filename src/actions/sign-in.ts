/**
 * Sign-in, sign-out and session checks. Failures are audited; repeated
 * failures lock the account for a while (the lock lives in the database, so it
 * holds across nodes).
 */
import { AppError } from '../domain/errors.js';
import type { User } from '../domain/directory.js';
import type { EndedSession, SessionRecord, Store } from '../store/store.js';
import { withAddress, type Device } from '../domain/devices.js';
import { decoyHash, verifyPassword } from '../auth/password.js';
import { looksLikeSessionToken, newCsrfToken, newSessionToken, sessionIdOf } from '../auth/tokens.js';
import { audit, type ActionContext, type Actor } from './context.js';
import { loadPrincipal } from './principal.js';

export interface SignInResult {
  token: string;
  session: SessionRecord;
  user: User;
  mustChangePassword: boolean;
}

const normalizeUsername = (u: string): string => u.trim().toLowerCase();

export async function signIn(
  ctx: ActionContext,
  input: { username: string; password: string; kind: 'cookie' | 'bearer' },
): Promise<SignInResult> {
  const { store, config } = ctx;
  const now = ctx.now();
  const username = normalizeUsername(input.username);
  const user = await store.users.getByUsername(username);
  const credential = user ? await store.credentials.get(user.id) : null;

  const fail = async (reason: string, code: 'invalid_credentials' | 'account_locked' | 'account_inactive' = 'invalid_credentials', data?: Record<string, unknown>) => {
    await store.transaction((tx) =>
      audit(tx, ctx, null, {
        action: 'auth.sign_in.failure',
        targetType: 'user',
        targetId: user?.id ?? null,
        agencyId: user?.agencyId ?? null,
        after: { username: username.slice(0, 64), reason },
      }),
    );
    return new AppError(code, undefined, data);
  };

  if (!user || !credential) {
    await verifyPassword(input.password, await decoyHash(config.scryptCost));
    throw await fail('unknown_user');
  }
  if (credential.lockedUntil !== null && credential.lockedUntil > now) {
    throw await fail('locked', 'account_locked', { retryAfterSeconds: Math.ceil((credential.lockedUntil - now) / 1000) });
  }
  const ok = await verifyPassword(input.password, credential.passwordHash);
  if (!ok) {
    // A lock that has expired starts a fresh count.
    const previous = credential.lockedUntil !== null ? 0 : credential.failedAttempts;
    const attempts = previous + 1;
    const lock = attempts >= config.loginMaxFailures ? now + config.loginLockoutMinutes * 60_000 : null;
    await store.credentials.recordFailure(user.id, lock ? 0 : attempts, lock, now);
    if (lock) {
      await store.transaction((tx) =>
        audit(tx, ctx, null, { action: 'auth.account_locked', targetType: 'user', targetId: user.id, agencyId: user.agencyId, after: { until: lock } }),
      );
    }
    throw await fail('bad_password');
  }
  if (user.status !== 'active') throw await fail(`status_${user.status}`, 'account_inactive');

  const { token, session } = await openSession(ctx, { kind: input.kind, method: 'password' }, async (tx) => {
    if (credential.failedAttempts > 0 || credential.lockedUntil !== null) await tx.credentials.resetFailures(user.id, now);
    return user;
  });
  return { token, session, user, mustChangePassword: credential.mustChange };
}

/**
 * Creates a session for a user already proven to be who they say (by password
 * or by their agency's identity provider) and audits the sign-in. `userInTx`
 * runs first in the same transaction and returns the user (an OIDC sign-in may
 * create or update them there). The one place sessions are made.
 */
export async function openSession(
  ctx: ActionContext,
  how: { kind: 'cookie' | 'bearer'; method: 'password' | 'oidc'; provider?: string },
  userInTx: (tx: Store) => Promise<User>,
): Promise<{ token: string; session: SessionRecord; user: User }> {
  const { config } = ctx;
  const now = ctx.now();
  const token = newSessionToken();
  const opened = await ctx.store.transaction(async (tx) => {
    const user = await userInTx(tx);
    const session: SessionRecord = {
      id: sessionIdOf(token),
      userId: user.id,
      kind: how.kind,
      csrfToken: newCsrfToken(),
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + config.sessionIdleMinutes * 60_000,
      expiresAt: now + config.sessionAbsoluteHours * 3_600_000,
      revokedAt: null,
      revokedReason: null,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      deviceId: null,
    };
    await tx.sessions.insert(session);
    const ended = await endSessionsOverLimit(tx, user.id, session.id, config.maxSessionsPerUser, now);
    await audit(tx, ctx, { user, principal: { userId: user.id, agencyId: user.agencyId, roles: [] }, sessionId: session.id }, {
      action: 'auth.sign_in.success',
      targetType: 'session',
      targetId: session.id,
      agencyId: user.agencyId,
      after: {
        kind: how.kind, method: how.method, ...(how.provider ? { provider: how.provider } : {}),
        ...(ended.length > 0 ? { endedOverLimit: ended.map((e) => e.id) } : {}),
      },
    });
    return { token, session, user, ended };
  });
  ctx.events.endSessions(opened.ended, 'session_limit');
  return { token: opened.token, session: opened.session, user: opened.user };
}

/** Beyond the per-person limit, the least recently used live sessions end to make room for the new one. */
async function endSessionsOverLimit(tx: Store, userId: string, keep: string, limit: number, now: number): Promise<EndedSession[]> {
  // Only live sessions are read: a person's ended sessions are kept for the record and only ever grow.
  const live = (await tx.sessions.listLive(userId, now))
    .filter((s) => s.id !== keep)
    .sort((a, b) => b.lastSeenAt - a.lastSeenAt || b.createdAt - a.createdAt);
  const over = live.slice(Math.max(0, limit - 1));
  for (const s of over) await tx.sessions.revoke(s.id, now, 'session_limit');
  return over.map((s) => ({ id: s.id, userId }));
}

export interface Authenticated extends Actor {
  session: SessionRecord;
  mustChangePassword: boolean;
  /** The device the session proved (§5.3.8); null until it has. */
  device: Device | null;
}

/** Resolves a bearer or cookie token to its live session and user, or throws `unauthenticated`. */
export async function authenticate(ctx: ActionContext, token: string): Promise<Authenticated> {
  if (!looksLikeSessionToken(token)) throw new AppError('unauthenticated', 'The session token is malformed.');
  const { store, config } = ctx;
  const now = ctx.now();
  const session = await store.sessions.get(sessionIdOf(token));
  if (!session) throw new AppError('unauthenticated', 'The session does not exist.');
  if (session.revokedAt !== null) throw new AppError('unauthenticated', 'The session was ended.');
  if (session.expiresAt <= now || session.idleExpiresAt <= now) throw new AppError('unauthenticated', 'The session has expired.');
  const user = await store.users.get(session.userId);
  if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'The account is not active.');
  const credential = await store.credentials.get(user.id);
  const device = session.deviceId ? await store.devices.get(session.deviceId) : null;
  if (device?.status === 'revoked') throw new AppError('unauthenticated', 'The device of this session was revoked.');
  // Sliding idle expiry, written at most once a minute to spare the database.
  if (now - session.lastSeenAt >= 60_000) {
    const idle = now + config.sessionIdleMinutes * 60_000;
    if (device) {
      device.addresses = withAddress(device.addresses, ctx.ip);
      device.lastSeenAt = now;
    }
    // One write for both, in the group commit: many requests share an fsync.
    await ctx.writes.touch({ sessionId: session.id, lastSeenAt: now, idleExpiresAt: idle, device: device ? { id: device.id, addresses: device.addresses } : null });
    session.lastSeenAt = now;
    session.idleExpiresAt = idle;
  }
  return {
    user,
    principal: await loadPrincipal(store, user),
    sessionId: session.id,
    session,
    mustChangePassword: credential?.mustChange ?? false,
    device,
  };
}

export async function signOut(ctx: ActionContext, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await ctx.store.transaction(async (tx) => {
    await tx.sessions.revoke(sessionId, ctx.now(), 'signed_out');
    await audit(tx, ctx, actor, { action: 'auth.sign_out', targetType: 'session', targetId: sessionId, agencyId: actor.user.agencyId });
  });
  ctx.events.endSessions([{ id: sessionId, userId: actor.user.id }], 'signed_out');
}
