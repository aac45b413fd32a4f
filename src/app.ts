/**
 * buildApp(config): wires the store, the HTTP transport and operations, without
 * listening, so tests drive it with inject() and main.ts decides where to listen.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConfigError, PACKAGE_ROOT, blobDirOf, policyPackFile, type Config } from './config/config.js';
import type { Store } from './store/store.js';
import { openStore } from './store/open-store.js';
import type { ActionContext } from './actions/context.js';
import { ensurePolicy, ensureSystemAdmin, type CreatedAdmin } from './actions/bootstrap.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { AppError } from './domain/errors.js';
import { requireAuth } from './transport/http/auth.js';
import { registerErrorHandling, toWireError } from './transport/http/errors.js';
import { sendScimError } from './transport/http/routes/scim.js';
import { createValidatorCompiler, findNul, strictJsonParser } from './transport/http/validation.js';
import { ErrorBody } from './transport/http/schemas.js';
import type { Http, RouteDeps } from './transport/http/types.js';
import { authRoutes } from './transport/http/routes/auth.js';
import { directoryRoutes } from './transport/http/routes/directory.js';
import { policyRoutes } from './transport/http/routes/policy.js';
import { auditRoutes } from './transport/http/routes/audit.js';
import { opsRoutes } from './transport/http/routes/ops.js';
import { conversationRoutes } from './transport/http/routes/conversations.js';
import { attachmentRoutes } from './transport/http/routes/attachments.js';
import { reviewRoutes } from './transport/http/routes/review.js';
import { identityRoutes } from './transport/http/routes/identity.js';
import { deviceRoutes } from './transport/http/routes/devices.js';
import { attachWebSocket } from './transport/ws/server.js';
import { createBus } from './bus/index.js';
import { LocalDiskBlobStore } from './blobs/index.js';
import { InProcessWrites } from './store/writes.js';
import { PolicyCache } from './actions/policy.js';
import { MembershipCache } from './actions/membership-cache.js';
import { ExtractionCache } from './policy/extract/cache.js';
import { Hub } from './realtime/hub.js';
import { TokenBuckets } from './domain/token-buckets.js';
import { registerWebClient } from './transport/http/web-client.js';

export { PACKAGE_ROOT };
export const VERSION = '0.1.0';

export interface App {
  readonly http: Http;
  readonly store: Store;
  readonly config: Config;
  readonly metrics: Metrics;
  readonly hub: Hub;
  /** A context for work done outside a request (start-up, the CLI). */
  systemContext(): ActionContext;
  /** First run: creates a system administrator if there is none; returns it with its one-time secret. */
  ensureAdmin(): Promise<CreatedAdmin | null>;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An injected clock; tests move time instead of sleeping. */
  now?: () => number;
  /** pino options, or false for silence. */
  logger?: boolean | Record<string, unknown>;
  store?: Store;
  /** How long to wait for the event bus at start (tests shorten it). */
  busStartTimeoutMs?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const BUS_START_MS = 10_000;

/**
 * A URL as it may appear in the log: query values that carry secrets (an OIDC
 * authorization code and state, a token) are replaced by "[redacted]".
 */
export function logSafeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    if (/^(code|state|token|access_token|id_token|session_state)$/i.test(key)) params.set(key, '[redacted]');
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

function withDeadline<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const now = options.now ?? Date.now;
  const store = options.store ?? (await openStore(config, { backgroundCheckpoints: true }));
  // The HTTP logger exists only once Fastify is built; bus errors before then go to stderr.
  let log: { warn(obj: { err: unknown }, msg: string): void } = { warn: ({ err }, msg) => console.error(`${msg}: ${err instanceof Error ? err.message : String(err)}`) };
  const bus = createBus({
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    prefix: config.redisPrefix,
    onError: (err) => log.warn({ err }, 'event bus error'),
  });
  // Read only when /metrics is scraped, by which time the hub exists.
  const metrics = createMetrics({ connections: () => hub.connectionCount });
  const membership = new MembershipCache();
  const hub = new Hub(bus, {
    now,
    onConversationChanged: (id) => membership.forget(id),
    presenceRefreshMs: config.presenceRefreshSeconds * 1000,
    lastSeen: (ids) => store.sessions.lastSeen(ids),
    onError: (err) => log.warn({ err }, 'realtime bus error'),
  });
  // A node that cannot reach its Redis would start deaf to every other node: refuse to start instead.
  const busDeadline = options.busStartTimeoutMs ?? BUS_START_MS;
  await withDeadline(hub.start(), busDeadline, () => new ConfigError([`redisUrl (REDIS_URL): Redis did not answer within ${busDeadline / 1000} s; is it running and reachable?`]))
    .catch(async (e: unknown) => {
      await bus.close();
      if (!options.store) await store.close();
      throw e;
    });
  const messageLimiter = new TokenBuckets(config.messageBurst, config.messageRatePerSecond, now);
  const blobs = new LocalDiskBlobStore(blobDirOf(config), { now });
  const onBatch = (n: number) => metrics.writeBatchSize.observe(n);
  const writes = new InProcessWrites(store, { onBatch });
  const policyCache = new PolicyCache();
  const extractions = new ExtractionCache(config.extractCacheMaxChars);
  // A literal of one shape rather than a spread: a context is made for every request and every WebSocket frame.
  const contextOf = (requestId: string | null, ip: string | null, userAgent: string | null): ActionContext => ({
    store, config, now, events: hub, presence: hub, messageLimiter, blobs, writes, policyCache, extractions, membership, requestId, ip, userAgent,
  });
  const systemContext = (): ActionContext => contextOf(null, null, 'parley');

  await ensurePolicy(systemContext(), await readFile(policyPackFile(config), 'utf8'));

  const http = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
      serializers: { req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: logSafeUrl(req.url), requestId: req.id }) },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a URL that does not decode) get the same shape as every other error.
    frameworkErrors: (error, request, reply) => {
      // Under /scim an identity provider is answered in SCIM's format, as by the SCIM routes' own handler.
      if (request.url.startsWith('/scim/')) {
        void sendScimError(reply as FastifyReply, error, config.bodyLimitBytes);
        return;
      }
      const wire = toWireError(error, config.bodyLimitBytes);
      void (reply as FastifyReply).status(wire.status).send({ error: { code: wire.code, message: wire.message, requestId: request.id } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  log = http.log;
  http.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandling(http, config.bodyLimitBytes);
  http.addSchema(ErrorBody);

  // JSON bodies are decoded strictly: invalid UTF-8 is refused, not replaced.
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'buffer' }, strictJsonParser(http));

  http.decorateRequest('auth', null);
  http.decorateRequest('ctx', null as unknown as ActionContext);
  http.addHook('onRequest', async (request, reply) => {
    request.ctx = contextOf(request.id, request.ip, typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null);
    void reply.header('x-request-id', request.id);
    void reply.header('cache-control', 'no-store');
  });
  http.addHook('preValidation', async (request) => {
    const where = findNul(request.body, 'body') ?? findNul(request.query, 'query') ?? findNul(request.params, 'params');
    if (where) throw new AppError('validation_failed', `${where} contains a NUL character (U+0000).`, { field: where });
  });
  http.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  await http.register(cookie);
  await http.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await http.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Parley API', version: VERSION, description: 'Compliance-first instant messaging (WVOT-PO1010). Errors: docs/errors.md.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  const deps: RouteDeps = { config, authed: requireAuth(config), now };
  await http.register(async (scope) => {
    const s = scope.withTypeProvider<TypeBoxTypeProvider>();
    await authRoutes(s, deps);
    await directoryRoutes(s, deps);
    await policyRoutes(s, deps);
    await auditRoutes(s, deps);
    await conversationRoutes(s, deps);
    await attachmentRoutes(s, deps);
    await reviewRoutes(s, deps);
    await identityRoutes(s, deps);
    await deviceRoutes(s, deps);
    await opsRoutes(s, { metrics, ping: () => store.ping(), metricsToken: config.metricsToken });
    await registerWebClient(s, resolve(PACKAGE_ROOT, 'web/dist'));
  });
  await http.ready();
  const ws = attachWebSocket(http.server, {
    config,
    hub,
    log: http.log,
    context: (req) => {
      const ip = req.socket.remoteAddress ?? null;
      const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null;
      return (requestId) => contextOf(requestId, ip, userAgent);
    },
  });

  return {
    http,
    store,
    config,
    metrics,
    systemContext,
    ensureAdmin: () => ensureSystemAdmin(systemContext()),
    hub,
    async close() {
      await ws.close();
      await hub.stop();
      await http.close();
      await writes.close();
      await bus.close();
      if (!options.store) await store.close();
    },
  };
}
