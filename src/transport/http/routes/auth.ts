/** Sign-in, sign-out, the current session, one's password and sessions. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { permissionsOf } from '../../../domain/roles.js';
import { signIn, signOut } from '../../../actions/sign-in.js';
import { changeOwnPassword } from '../../../actions/passwords.js';
import { ackStatus } from '../../../actions/policy.js';
import { listSessions, revokeSession } from '../../../actions/sessions.js';
import { SESSION_COOKIE, actorOf, setSessionCookie } from '../auth.js';
import { TokenBuckets } from '../../../domain/token-buckets.js';
import { Body, Device, RoleAssignment, Session, Timestamp, User, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const Password = Type.String({ minLength: 1, maxLength: 1024 });

export async function authRoutes(app: Http, { config, authed, now }: RouteDeps): Promise<void> {
  const limiter = new TokenBuckets(config.loginRatePerMinute, config.loginRatePerMinute / 60, now);
  const allow = { allowDuringPasswordChange: true, allowBeforeDevice: true };

  app.post('/api/v1/auth/sign-in', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with a username and password',
      description: 'kind "cookie" (default) sets an HttpOnly session cookie for browsers; kind "bearer" returns a token for other clients.',
      body: Body({
        username: Type.String({ minLength: 1, maxLength: 64 }),
        password: Password,
        kind: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('bearer')])),
      }),
      response: {
        200: Type.Object({
          user: User,
          csrfToken: Type.String(),
          token: Type.Optional(Type.String()),
          expiresAt: Timestamp,
          mustChangePassword: Type.Boolean(),
        }),
        ...errorResponses,
        423: Type.Ref('Error'),
      },
    },
  }, async (request, reply) => {
    const waitMs = limiter.take(request.ip);
    if (waitMs > 0) {
      throw new AppError('rate_limited', 'Too many sign-in attempts from this address.', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    const kind = request.body.kind ?? 'cookie';
    const result = await signIn(request.ctx, { username: request.body.username, password: request.body.password, kind });
    if (kind === 'cookie') {
      setSessionCookie(reply, config, result.token);
    }
    return {
      user: result.user,
      csrfToken: result.session.csrfToken,
      ...(kind === 'bearer' ? { token: result.token } : {}),
      expiresAt: result.session.expiresAt,
      mustChangePassword: result.mustChangePassword,
    };
  });

  app.post('/api/v1/auth/sign-out', {
    preHandler: authed,
    config: allow,
    schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await signOut(request.ctx, actorOf(request));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/session', {
    preHandler: authed,
    config: allow,
    schema: {
      tags: ['auth'],
      summary: 'Who am I: user, roles, permissions, CSRF token and policy acknowledgement state',
      response: {
        200: Type.Object({
          user: User,
          roles: Type.Array(RoleAssignment),
          permissions: Type.Array(Type.String()),
          csrfToken: Type.String(),
          expiresAt: Timestamp,
          mustChangePassword: Type.Boolean(),
          policy: Type.Object({ id: Type.String(), version: Type.String(), acknowledged: Type.Boolean() }),
          device: Type.Union([Device, Type.Null()], { description: 'null until the session proves its device (POST /api/v1/me/device)' }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const auth = actorOf(request);
    const status = await ackStatus(request.ctx, auth);
    const permissions = [...new Set(auth.principal.roles.flatMap((r) => permissionsOf(r.role)))].sort();
    return {
      user: auth.user,
      roles: [...auth.principal.roles],
      permissions,
      csrfToken: auth.session.csrfToken,
      expiresAt: auth.session.expiresAt,
      mustChangePassword: auth.mustChangePassword,
      policy: { id: status.policy.id, version: status.policy.version, acknowledged: status.acknowledged },
      device: auth.device,
    };
  });

  app.post('/api/v1/me/password', {
    preHandler: authed,
    config: allow,
    schema: {
      tags: ['auth'],
      summary: 'Change one\'s own password (required after a one-time secret); ends other sessions',
      body: Body({ currentPassword: Password, newPassword: Password }),
      response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await changeOwnPassword(request.ctx, actorOf(request), request.body);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/me/sessions', {
    preHandler: authed,
    schema: { tags: ['auth'], summary: 'My sessions', response: { 200: Type.Object({ items: Type.Array(Session) }), ...errorResponses } },
  }, async (request) => {
    const actor = actorOf(request);
    return { items: await listSessions(request.ctx, actor, actor.user.id) };
  });

  app.get('/api/v1/users/:id/sessions', {
    preHandler: authed,
    schema: {
      tags: ['auth'],
      summary: 'A user\'s sessions (security administrators)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ items: Type.Array(Session) }), ...errorResponses },
    },
  }, async (request) => ({ items: await listSessions(request.ctx, actorOf(request), request.params.id) }));

  app.delete('/api/v1/sessions/:id', {
    preHandler: authed,
    schema: {
      tags: ['auth'],
      summary: 'End a session (one\'s own, or anyone\'s for security administrators)',
      params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await revokeSession(request.ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
