/**
 * OpenID Connect sign-in routes. The browser goes to /start, which sets a
 * short-lived HttpOnly cookie binding the flow to this browser and redirects
 * to the provider; the provider sends it back to /callback, which opens a
 * session (the same cookie as password sign-in) and redirects home.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import { TokenBuckets } from '../../../domain/token-buckets.js';
import { OidcRegistry } from '../../../identity/oidc-client.js';
import { OIDC_FLOW_SECONDS, completeOidcSignIn, startOidcSignIn } from '../../../actions/oidc-sign-in.js';
import { setSessionCookie } from '../auth.js';
import { errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

export const OIDC_COOKIE = 'parley_oidc';
const Params = Type.Object({ provider: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }) });
const cookiePath = (provider: string) => `/api/v1/auth/oidc/${provider}/`;

export async function oidcRoutes(app: Http, { config, now }: RouteDeps): Promise<void> {
  const registry = new OidcRegistry(config.oidcProviders, now);
  // Unauthenticated and each start writes a row: limited per address like password sign-in.
  const limiter = new TokenBuckets(config.loginRatePerMinute, config.loginRatePerMinute / 60, now);
  const limit = async (request: FastifyRequest): Promise<void> => {
    const waitMs = limiter.take(request.ip);
    if (waitMs > 0) throw new AppError('rate_limited', 'Too many sign-in attempts from this address.', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  };

  app.get('/api/v1/auth/oidc', {
    schema: {
      tags: ['auth'],
      summary: 'The agency identity providers one may sign in with',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), start: Type.String() })) }) },
    },
  }, async () => ({ items: registry.list().map((p) => ({ ...p, start: `/api/v1/auth/oidc/${p.id}/start` })) }));

  app.get('/api/v1/auth/oidc/:provider/start', {
    onRequest: limit,
    schema: { tags: ['auth'], summary: 'Begin sign-in at an agency identity provider (redirects)', params: Params, response: { 302: Type.Null(), ...errorResponses, 503: Type.Ref('Error') } },
  }, async (request, reply) => {
    const { url, binding } = await startOidcSignIn(request.ctx, registry, request.params.provider);
    // SameSite=Lax, not Strict: the provider's redirect back is a cross-site
    // top-level navigation, on which a Strict cookie would not be sent.
    void reply.setCookie(OIDC_COOKIE, binding, {
      httpOnly: true, secure: config.cookieSecure, sameSite: 'lax', path: cookiePath(request.params.provider), maxAge: OIDC_FLOW_SECONDS,
    });
    return reply.redirect(url, 302);
  });

  app.get('/api/v1/auth/oidc/:provider/callback', {
    onRequest: limit,
    schema: {
      tags: ['auth'],
      summary: 'Where the identity provider returns the browser; opens a session and redirects home',
      params: Params,
      // Providers may add parameters of their own (iss, session_state): ignored, not refused.
      querystring: Type.Object({
        code: Type.Optional(Type.String({ maxLength: 2048 })),
        state: Type.Optional(Type.String({ maxLength: 512 })),
        error: Type.Optional(Type.String({ maxLength: 256 })),
      }),
      response: { 303: Type.Null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const provider = request.params.provider;
    const binding = request.cookies[OIDC_COOKIE];
    void reply.clearCookie(OIDC_COOKIE, { path: cookiePath(provider) });
    const result = await completeOidcSignIn(request.ctx, registry, provider, { binding, ...request.query });
    setSessionCookie(reply, config, result.token);
    return reply.redirect('/', 303);
  });
}
