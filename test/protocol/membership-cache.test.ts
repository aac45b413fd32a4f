/**
 * Each node caches conversation members (docs/subsystems/messaging.md). A
 * membership change this node never hears about (a bus message from another
 * node that was lost; here, SQL behind the app's back) must still be honoured
 * at once: the append reports the membership version and the send path checks
 * it. Test names quote the rule IDs of docs/protocol/SPEC.md.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, rawExec } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { WsClients, type Frame, type WsClient } from '../support/ws-client.js';

for (const backend of BACKENDS) {
  describe(`membership changes the node did not hear about (${backend})`, () => {
    let t: TestApp;
    let url: string;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let carol: { id: string; token: string };
    let group: string;
    let direct: string;
    const clients = new WsClients(() => url);
    const connect = (token?: string, headers?: Record<string, string>) => clients.connect(token, headers);
    const send = (c: WsClient, conversationId: string, clientId: string, body = `text of ${clientId}`) =>
      c.request({ type: 'message.send', conversationId, clientId, body });
    const delivered = (clientId: string) => (f: Frame) => f.type === 'message' && f.event.clientId === clientId;

    before(async () => {
      t = await TestApp.start(backend, { messageBurst: 1000, messageRatePerSecond: 1000 });
      const admin = await t.admin();
      const agency = await t.agency(admin, 'MCC');
      alice = await t.user(admin, { username: 'alice', agencyId: agency });
      bob = await t.user(admin, { username: 'bob', agencyId: agency });
      carol = await t.user(admin, { username: 'carol', agencyId: agency });
      for (const u of [alice, bob, carol]) await t.acknowledge(u.token);
      const g = await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'group', name: 'Cache', memberIds: [bob.id] } });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      group = g.body.id;
      const d = await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'direct', userId: bob.id } });
      direct = d.body.id;
      url = await t.listen();
    });
    after(async () => {
      clients.closeAll();
      await t.stop();
    });

    test('[SND-4][DLV-2] a member removed behind the node\'s back can no longer send, and gets nothing more', async () => {
      const a = await connect(alice.token);
      const b = await connect(bob.token);
      // Both are now in this node's cache of the group's members.
      assert.equal((await send(a, group, 'before-removal')).type, 'ack');
      await b.next(delivered('before-removal'));
      assert.equal((await send(b, group, 'bob-before')).type, 'ack');

      await rawExec(t.db, `UPDATE conversation_members SET left_at = 1 WHERE conversation_id = '${group}' AND user_id = '${bob.id}'`);

      const refused = await send(b, group, 'bob-after');
      assert.equal(refused.type, 'error');
      assert.equal(refused.code, 'not_found');
      assert.equal((await send(a, group, 'after-removal')).type, 'ack');
      await a.next(delivered('after-removal'));
      // Delivery keeps order on one node: once bob has the direct message sent after, he would already hold the group one.
      assert.equal((await send(a, direct, 'marker')).type, 'ack');
      await b.next(delivered('marker'));
      assert.equal(b.frames.some(delivered('after-removal')), false);
      const history = await a.request({ type: 'history', conversationId: group });
      assert.deepEqual(history.events.filter((e: Frame) => e.kind === 'message').map((e: Frame) => e.clientId), ['before-removal', 'bob-before', 'after-removal']);
    });

    test('[DLV-1] a member added behind the node\'s back receives the next message and may send', async () => {
      const a = await connect(alice.token);
      const c = await connect(carol.token);
      assert.equal((await send(a, group, 'before-carol')).type, 'ack');

      await rawExec(t.db, `INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, left_at, read_seq) VALUES ('${group}', '${carol.id}', 'member', 2, NULL, 0)`);

      assert.equal((await send(a, group, 'for-carol')).type, 'ack');
      await c.next(delivered('for-carol'));
      assert.equal((await send(c, group, 'from-carol')).type, 'ack');
      await a.next(delivered('from-carol'));
      assert.equal(c.frames.some(delivered('before-carol')), false);
    });
  });
}
