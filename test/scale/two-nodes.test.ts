/**
 * Scale-out: two stateless nodes share the real PostgreSQL and Redis of this
 * machine. Delivery, presence and resume work across them, including after one
 * node is killed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/backends.js';
import { startNode, type NodeProcess } from '../support/node-process.js';
import { WsClient } from '../support/ws-client.js';
import { call, chatUserAt, signInAt } from '../support/http.js';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two nodes on PostgreSQL and Redis', { skip: !BACKENDS.includes('postgres') && 'PostgreSQL is not among PARLEY_TEST_BACKENDS' }, () => {
  let db: TestDatabase;
  let a: NodeProcess;
  let b: NodeProcess;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let carol: { id: string; token: string };
  let group: string;
  let adminToken = '';
  const clients: WsClient[] = [];
  const connect = async (url: string, token: string) => {
    const c = await WsClient.connect(url, { token });
    clients.push(c);
    return c;
  };

  before(async () => {
    db = await createTestDatabase('postgres');
    // Each node has its own data directory; only the attachment bytes are on a shared file system.
    const env = {
      DATABASE_URL: db.databaseUrl!, PARLEY_BLOB_DIR: join(db.dataDir, 'shared-blobs'), REDIS_URL,
      PARLEY_REDIS_PREFIX: `parley-test-${randomBytes(4).toString('hex')}:`, PARLEY_PRESENCE_REFRESH_SECONDS: '1',
    };
    a = await startNode({ ...env, PARLEY_DATA_DIR: join(db.dataDir, 'node-a') });
    b = await startNode({ ...env, PARLEY_DATA_DIR: join(db.dataDir, 'node-b') });
    assert.ok(a.adminSecret, 'the first node created the administrator');
    assert.equal(b.adminSecret, null, 'the second node found it in the shared database');
    const admin = (adminToken = await signInAt(a.url, 'admin', a.adminSecret));
    const agency = await call(a.url, 'POST', '/api/v1/agencies', { token: admin, body: { code: 'WVOT', name: 'Office of Technology' } });
    alice = await chatUserAt(a.url, admin, 'alice', agency.body.id);
    bob = await chatUserAt(b.url, admin, 'bob', agency.body.id);
    carol = await chatUserAt(b.url, admin, 'carol', agency.body.id);
    const g = await call(b.url, 'POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'group', name: 'ops', memberIds: [bob.id] } });
    assert.equal(g.status, 201);
    group = g.body.id;
  });
  after(async () => {
    for (const c of clients) c.close();
    await a?.kill();
    await b?.kill();
    await db?.drop();
  });

  test('a message sent on one node reaches a member connected to the other', async () => {
    const onA = await connect(a.url, alice.token);
    const onB = await connect(b.url, bob.token);
    const ack = await onA.request({ type: 'message.send', conversationId: group, clientId: 'x-1', body: 'across nodes' });
    const got = await onB.next((f) => f.type === 'message' && f.event.id === ack.id);
    assert.equal(got.event.body, 'across nodes');
    const back = await onB.request({ type: 'message.send', conversationId: group, clientId: 'x-2', body: 'and back' });
    assert.equal((await onA.next((f) => f.type === 'message' && f.event.id === back.id)).event.seq, back.seq);
  });

  test('an attachment uploaded through one node is downloaded through the other (PARLEY_BLOB_DIR shared)', async () => {
    const bytes = Buffer.from('inspection notes, bridge 12\n');
    const up = await fetch(`${a.url}/api/v1/attachments?name=notes.txt`, {
      method: 'POST', body: bytes, headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/octet-stream' },
    });
    assert.equal(up.status, 201, await up.clone().text());
    const { id } = await up.json() as { id: string };
    const sent = await call(a.url, 'POST', `/api/v1/conversations/${group}/messages`, { token: alice.token, body: { clientId: 'att-1', body: 'notes attached', attachmentIds: [id] } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const got = await fetch(`${b.url}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${bob.token}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
  });

  test('presence crosses nodes', async () => {
    const watcher = await connect(a.url, alice.token);
    const before = await watcher.request({ type: 'presence.watch', userIds: [carol.id] });
    assert.equal(before.users[0].status, 'offline');
    const carolOnB = await connect(b.url, carol.token);
    await watcher.next((f) => f.type === 'presence' && f.userId === carol.id && f.status === 'online');
    await carolOnB.request({ type: 'presence.set', status: 'away' });
    await watcher.next((f) => f.type === 'presence' && f.userId === carol.id && f.status === 'away');
    carolOnB.close();
    await watcher.next((f) => f.type === 'presence' && f.userId === carol.id && f.status === 'offline');
  });

  test('[SES-1] revoking a device through one node closes its socket on the other at once', async () => {
    const carolOnB = await connect(b.url, carol.token);
    const device = (await call(b.url, 'GET', '/api/v1/session', { token: carol.token })).body.device;
    const revoked = await call(a.url, 'POST', `/api/v1/devices/${device.id}/revoke`, { token: adminToken, body: { reason: 'left the State' } });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    // The heartbeat is 30 s: only the event over Redis closes it this soon.
    const closed = await Promise.race([carolOnB.closed, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
    assert.deepEqual(closed, { code: 4003, reason: 'device_revoked' });
  });

  test('a session resumes on the other node; after one node is killed the survivor carries on', async () => {
    const onA = await connect(a.url, alice.token);
    const first = await onA.request({ type: 'message.send', conversationId: group, clientId: 'k-0', body: 'before' });
    // bob reconnects to node A and resumes from what he saw on B
    const bobOnA = await connect(a.url, bob.token);
    const resumed = await bobOnA.request({ type: 'resume', positions: { [group]: first.seq - 1 } });
    assert.deepEqual(resumed.events.map((e: { seq: number }) => e.seq), [first.seq]);

    await a.kill();
    assert.equal((await bobOnA.closed).code, 1006, 'the connection to the killed node drops');
    const bobOnB = await connect(b.url, bob.token);
    const aliceOnB = await connect(b.url, alice.token);
    const after = await aliceOnB.request({ type: 'message.send', conversationId: group, clientId: 'k-1', body: 'after the crash' });
    const page = await bobOnB.request({ type: 'resume', positions: { [group]: first.seq } });
    assert.deepEqual(page.events.map((e: { seq: number }) => e.seq), [after.seq]);
    assert.equal(after.seq, first.seq + 1, 'no sequence number was lost or reused');

    // alice's presence from the dead node expires on the survivor (three missed 1 s refreshes).
    const watcher = await connect(b.url, bob.token);
    for (const c of clients.filter((c) => c !== watcher && c !== bobOnB)) c.close();
    const gone = await watcher.request({ type: 'presence.watch', userIds: [alice.id] });
    if (gone.users[0].status !== 'offline') {
      await watcher.next((f) => f.type === 'presence' && f.userId === alice.id && f.status === 'offline', 10_000);
    }
  });
});
