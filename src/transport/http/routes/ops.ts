/** Liveness, readiness, metrics and the OpenAPI document. */
import { sameSecret } from '../../../auth/tokens.js';
import { Type } from '@sinclair/typebox';
import type { Metrics } from '../../../ops/metrics.js';
import { AppError } from '../../../domain/errors.js';
import type { Http } from '../types.js';

export async function opsRoutes(app: Http, deps: { metrics: Metrics; ping: () => Promise<void>; metricsToken?: string | undefined }): Promise<void> {
  app.get('/healthz', {
    schema: { tags: ['ops'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: {
      tags: ['ops'],
      summary: 'The database is reachable',
      response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: Type.Ref('Error') },
    },
  }, async (request, reply) => {
    try {
      await deps.ping();
      return { status: 'ready' as const };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.status(503).send({ error: { code: 'unavailable', message: 'The database is not reachable.', requestId: request.id } });
    }
  });

  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics (bearer PARLEY_METRICS_TOKEN when one is configured)' } }, async (request, reply) => {
    if (deps.metricsToken) {
      const sent = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(sent, deps.metricsToken)) throw new AppError('unauthenticated', 'Metrics need the monitoring token.');
    }
    void reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
