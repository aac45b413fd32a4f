/** Serving the built web client: cache headers, the SPA fallback, and the paths that must never fall back. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from './errors.js';
import { registerWebClient } from './web-client.js';

const INDEX = '<!doctype html><title>Parley</title><script type="module" src="/assets/index-abc123.js"></script>';

async function serve(distDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandling(app, 1024);
  app.get('/api/v1/session', async () => ({ ok: true }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  await registerWebClient(app, distDir);
  await app.ready();
  return app;
}

describe('web client serving', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(dir, 'assets', 'index-abc123.js.map'), '{}');
    app = await serve(dir);
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('/ and page paths answer index.html to a browser, never cached', async () => {
    for (const url of ['/', '/index.html', '/chat', '/console/users/abc', '/profile?tab=sessions']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, INDEX, url);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
  });

  test('hashed assets are cached for a year; other files revalidate', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.deepEqual([js.statusCode, js.body, js.headers['content-type']], [200, 'console.log(1)', 'text/javascript; charset=utf-8']);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.deepEqual([icon.statusCode, icon.headers['content-type'], icon.headers['cache-control']], [200, 'image/svg+xml', 'no-cache']);
    const head = await app.inject({ method: 'HEAD', url: '/assets/index-abc123.js' });
    assert.equal(head.statusCode, 200);
  });

  test('API and operations paths, missing files and source maps get the JSON 404, not the page', async () => {
    for (const url of ['/api/v1/nope', '/api', '/healthz/deep', '/readyz/x', '/metrics/x', '/openapi.json/x', '/assets/gone-123.js',
      '/assets/index-abc123.js.map', '/favicon.ico', '/assets/../index.html.bak']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'route_not_found', url);
    }
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/session' })).json(), { ok: true });
    assert.equal((await app.inject({ method: 'POST', url: '/chat' })).statusCode, 404);
  });

  test('a program probing a page path (no text/html in Accept), and /.well-known, get the JSON 404', async () => {
    const probe = await app.inject({ method: 'GET', url: '/_matrix/federation/v1/version', headers: { accept: 'application/json' } });
    assert.equal(probe.statusCode, 404);
    const known = await app.inject({ method: 'GET', url: '/.well-known/matrix/server', headers: { accept: 'text/html' } });
    assert.equal(known.statusCode, 404);
  });

  test('without a build the server still starts and serves only the API', async () => {
    const bare = await serve(join(dir, 'missing'));
    try {
      const res = await bare.inject({ method: 'GET', url: '/' });
      assert.deepEqual([res.statusCode, res.json().error.code], [404, 'route_not_found']);
      assert.equal((await bare.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    } finally {
      await bare.close();
    }
  });
});
