/** Health, readiness, metrics, security headers and the OpenAPI document. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

describe('start-up', () => {
  test('a node whose Redis does not answer refuses to start, naming REDIS_URL', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config/config.js');
    const { buildApp } = await import('../../src/app.js');
    const { createTestDatabase } = await import('../support/backends.js');
    const db = await createTestDatabase('sqlite');
    try {
      const config = loadConfig({}, { dataDir: db.dataDir, redisUrl: 'redis://127.0.0.1:1', logLevel: 'silent' });
      await assert.rejects(buildApp(config, { logger: false, busStartTimeoutMs: 1000 }), (e: unknown) => e instanceof ConfigError && /REDIS_URL/.test(e.message));
    } finally {
      await db.drop();
    }
  });
});

for (const backend of BACKENDS) {
  describe(`operations (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await TestApp.start(backend);
    });
    after(() => t.stop());

    test('healthz and readyz answer; every response carries a request id', async () => {
      const h = await t.request('GET', '/healthz');
      assert.deepEqual([h.status, h.body.status], [200, 'ok']);
      assert.match(String(h.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const r = await t.request('GET', '/readyz', { headers: { 'x-request-id': 'probe-123456' } });
      assert.deepEqual([r.status, r.body.status, r.headers['x-request-id']], [200, 'ready', 'probe-123456']);
      const hostile = await t.request('GET', '/healthz', { headers: { 'x-request-id': '<script>alert(1)</script>' } });
      assert.notEqual(hostile.headers['x-request-id'], '<script>alert(1)</script>');
    });

    test('metrics are in Prometheus format and count requests by route', async () => {
      await t.request('GET', '/healthz');
      const m = await t.request('GET', '/metrics');
      assert.equal(m.status, 200);
      assert.match(String(m.headers['content-type']), /text\/plain/);
      assert.match(m.body, /parley_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
      assert.match(m.body, /parley_process_cpu_user_seconds_total/);
    });

    test('a strict Content-Security-Policy and the other security headers are set', async () => {
      const res = await t.request('GET', '/healthz');
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['strict-transport-security']), /max-age=/);
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('the OpenAPI document covers every API route with its schemas', async () => {
      const res = await t.request('GET', '/openapi.json');
      assert.equal(res.status, 200);
      const doc = res.body;
      assert.equal(doc.openapi, '3.0.3');
      const routes = t.app.http.printRoutes({ commonPrefix: false });
      for (const path of ['/api/v1/auth/sign-in', '/api/v1/users', '/api/v1/users/{id}/roles', '/api/v1/policy/acknowledgements', '/api/v1/audit', '/api/v1/directory', '/healthz']) {
        assert.ok(doc.paths[path], `OpenAPI lacks ${path}`);
      }
      const signIn = doc.paths['/api/v1/auth/sign-in'].post;
      assert.deepEqual(signIn.requestBody.content['application/json'].schema.required.sort(), ['password', 'username']);
      assert.equal(signIn.requestBody.content['application/json'].schema.additionalProperties, false);
      assert.ok(doc.components.schemas.Error);
      assert.ok(routes.includes('sign-in'));
    });

    test('readyz reports 503 when the database is gone', async () => {
      const broken = await TestApp.start(backend);
      await broken.app.store.close();
      const r = await broken.request('GET', '/readyz');
      assert.equal(r.status, 503);
      assert.equal(r.body.error.code, 'unavailable');
      await broken.app.http.close();
      await broken.db.drop();
    });
  });
}

test('with a monitoring token configured, /metrics answers only bearers of it', async () => {
  const t = await TestApp.start('sqlite', { metricsToken: 'monitoring-token-0123456789' });
  try {
    assert.equal((await t.request('GET', '/metrics')).status, 401);
    assert.equal((await t.request('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789xx' } })).status, 401);
    const ok = await t.request('GET', '/metrics', { headers: { authorization: 'Bearer monitoring-token-0123456789' } });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /parley_http_requests_total/);
  } finally {
    await t.stop();
  }
});

test('secrets in query strings never reach the log', async () => {
  const { logSafeUrl } = await import('../../src/app.js');
  assert.equal(
    logSafeUrl('/api/v1/auth/oidc/wv/callback?code=abc123&state=xyz&iss=https%3A%2F%2Fidp'),
    '/api/v1/auth/oidc/wv/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&iss=https%3A%2F%2Fidp',
  );
  assert.equal(logSafeUrl('/api/v1/users?q=ann&limit=5'), '/api/v1/users?q=ann&limit=5');
  assert.equal(logSafeUrl('/healthz'), '/healthz');
});
