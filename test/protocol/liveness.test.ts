/** Heartbeats, revocation of live sessions, and graceful shutdown. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { BACKENDS, createTestDatabase } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { WsClient } from '../support/ws-client.js';
import { startNode } from '../support/node-process.js';
import { call, chatUserAt, signInAt } from '../support/http.js';

const backend = BACKENDS[0] ?? 'sqlite';

describe('liveness', () => {
  let t: TestApp;
  let url: string;
  let alice: { id: string; token: string };
  before(async () => {
    t = await TestApp.start(backend, { heartbeatSeconds: 1 });
    const admin = await t.admin();
    alice = await t.user(admin, { username: 'alice', agencyId: null });
    await t.acknowledge(alice.token);
    url = await t.listen();
  });
  after(() => t.stop());

  test('[HB-1] a client that stops answering pings is closed with 4002', async () => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/ws`, { autoPong: false });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'auth', token: alice.token }));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    assert.equal(code, 4002);
  });

  test('[HB-2] a client that answers pings stays connected across heartbeats', async () => {
    const c = await WsClient.connect(url, { token: alice.token });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await c.request({ type: 'ping' })).type, 'pong');
    c.close();
  });

  test('[SES-1] revoking a session closes its live connection with 4003', async () => {
    const token = await t.signIn('alice', 'alice-correct-horse-battery');
    const c = await WsClient.connect(url, { token });
    const sessions = await t.request('GET', '/api/v1/me/sessions', { token });
    const current = sessions.body.items.find((s: { current: boolean }) => s.current);
    assert.equal((await t.request('DELETE', `/api/v1/sessions/${current.id}`, { token: alice.token })).status, 204);
    assert.equal((await c.closed).code, 4003);
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM closes sockets with 1001, finishes, and exits 0; the data is intact after restart', async () => {
    const db = await createTestDatabase(backend);
    const env = { PARLEY_DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
    let node = await startNode(env);
    try {
      const admin = await signInAt(node.url, 'admin', node.adminSecret!);
      const bob = await chatUserAt(node.url, admin, 'bob', null);
      const c = await WsClient.connect(node.url, { token: bob.token });
      node.proc.kill('SIGTERM');
      assert.equal((await c.closed).code, 1001);
      const code = await new Promise<number | null>((resolve) => node.proc.once('exit', (x) => resolve(x)));
      assert.equal(code, 0);
      node = await startNode(env);
      assert.equal(node.adminSecret, null);
      assert.equal((await call(node.url, 'GET', '/api/v1/session', { token: bob.token })).status, 200, 'sessions survive a restart');
    } finally {
      await node.kill();
      await db.drop();
    }
  });
});
