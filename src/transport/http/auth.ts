/**
 * Authentication for HTTP: a bearer token (scripts, other clients) or the
 * session cookie (the browser). Cookie-authenticated changes must carry the
 * session's CSRF token in `x-csrf-token`; bearer requests carry no ambient
 * credential, so they need none.
 */
import { sameSecret } from '../../auth/tokens.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Config } from '../../config/config.js';
import type { ActionContext } from '../../actions/context.js';
import { authenticate, type Authenticated } from '../../actions/sign-in.js';
import { deviceGate } from '../../actions/devices.js';

export const SESSION_COOKIE = 'parley_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    ctx: ActionContext;
  }
  interface FastifyContextConfig {
    /** Reachable while the user still has to replace a one-time password. */
    allowDuringPasswordChange?: boolean;
    /** Reachable before the session's device is proven and approved (§5.3.8): enrolling it, and waiting. */
    allowBeforeDevice?: boolean;
  }
}

function readToken(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([^\s]+)$/i.exec(header);
    if (!m) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
    return { token: m[1]!, via: 'bearer' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Whether a browser's Origin may use the session cookie: the configured public
 * origin, or else any origin on the host the request was sent to.
 */
export function originAllowed(origin: string, host: string | undefined, config: Config): boolean {
  if (config.publicOrigin) return origin === config.publicOrigin;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function checkOrigin(request: FastifyRequest, config: Config): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!originAllowed(origin, request.headers.host, config)) throw new AppError('csrf_failed', `Origin ${origin.slice(0, 100)} is not allowed.`);
}

/** preHandler: requires a live session; enforces CSRF, the password-change gate and the device gate. */
export function requireAuth(config: Config) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const found = readToken(request);
    if (!found) throw new AppError('unauthenticated');
    const auth = await authenticate(request.ctx, found.token);
    if (found.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      checkOrigin(request, config);
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, auth.session.csrfToken)) throw new AppError('csrf_failed');
    }
    const routeConfig = request.routeOptions.config;
    if (auth.mustChangePassword && !routeConfig.allowDuringPasswordChange) {
      throw new AppError('password_change_required');
    }
    if (!routeConfig.allowBeforeDevice) {
      const gate = deviceGate(auth);
      if (gate) throw gate;
    }
    request.auth = auth;
  };
}

/** Sets the browser session cookie: the one definition shared by password and OIDC sign-in. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'strict',
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

/** The authenticated actor of a route guarded by requireAuth. */
export function actorOf(request: FastifyRequest): Authenticated {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}
