/**
 * Durability: a burst is interrupted by SIGKILL. After a restart every
 * acknowledged message is there, and resending everything with the same client
 * ids creates no duplicate.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/backends.js';
import { startNode, type NodeProcess } from '../support/node-process.js';
import { WsClient, type Frame } from '../support/ws-client.js';
import { call, chatUserAt, signInAt } from '../support/http.js';

const BURST = 300;
const KILL_AFTER_ACKS = 60;

for (const backend of BACKENDS) {
  describe(`SIGKILL in the middle of a burst (${backend})`, () => {
    let db: TestDatabase;
    let node: NodeProcess | undefined;
    after(async () => {
      await node?.kill();
      await db?.drop();
    });

    test('every acknowledged message survives; resending creates no duplicate', async () => {
      db = await createTestDatabase(backend);
      const env: Record<string, string> = {
        PARLEY_DATA_DIR: db.dataDir, PARLEY_MESSAGE_BURST: '10000', PARLEY_MESSAGE_RATE_PER_SECOND: '10000',
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      };
      node = await startNode(env);
      const admin = await signInAt(node.url, 'admin', node.adminSecret!);
      const alice = await chatUserAt(node.url, admin, 'alice', null);
      const bob = await chatUserAt(node.url, admin, 'bob', null);
      const g = await call(node.url, 'POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'group', memberIds: [bob.id] } });
      const group = g.body.id as string;

      const ws = await WsClient.connect(node.url, { token: alice.token });
      const acks = new Map<string, Frame>();
      let killed = false;
      const victim = node;
      ws.ws.on('message', (data) => {
        const f = JSON.parse(String(data));
        if (f.type !== 'ack') return;
        acks.set(f.clientId, f);
        if (!killed && acks.size >= KILL_AFTER_ACKS) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
      });
      for (let i = 0; i < BURST; i++) ws.send({ type: 'message.send', conversationId: group, clientId: `burst-${i}`, body: `message ${i}` });
      await ws.closed;
      await victim.kill();
      assert.ok(acks.size >= KILL_AFTER_ACKS && acks.size < BURST, `the kill landed mid-burst (${acks.size} acks)`);

      node = await startNode(env);
      const events: Frame[] = [];
      for (let after = 0; ; ) {
        const page = await call(node.url, 'GET', `/api/v1/conversations/${group}/events?after=${after}&limit=200`, { token: bob.token });
        events.push(...page.body.events);
        if (!page.body.hasMore) break;
        after = page.body.events.at(-1).seq;
      }
      const byClient = new Map(events.filter((e) => e.kind === 'message').map((e) => [e.clientId, e]));
      for (const [clientId, ack] of acks) {
        const stored = byClient.get(clientId);
        assert.ok(stored, `acknowledged ${clientId} was lost`);
        assert.deepEqual([stored.id, stored.seq], [ack.id, ack.seq]);
      }

      let duplicates = 0;
      for (let i = 0; i < BURST; i++) {
        const r = await call(node.url, 'POST', `/api/v1/conversations/${group}/messages`, { token: alice.token, body: { clientId: `burst-${i}`, body: `message ${i}` } });
        assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));
        if (r.body.duplicate) {
          duplicates++;
          const ack = acks.get(`burst-${i}`);
          if (ack) assert.equal(r.body.event.id, ack.id);
        }
      }
      assert.ok(duplicates >= acks.size, 'every acknowledged message is recognised on resend');
      const conv = await call(node.url, 'GET', `/api/v1/conversations/${group}`, { token: alice.token });
      const all = [];
      for (let after = 0; ; ) {
        const page = await call(node.url, 'GET', `/api/v1/conversations/${group}/events?after=${after}&limit=200`, { token: alice.token });
        all.push(...page.body.events);
        if (!page.body.hasMore) break;
        after = page.body.events.at(-1).seq;
      }
      const messages = all.filter((e: Frame) => e.kind === 'message');
      assert.equal(messages.length, BURST, 'exactly one message per client id');
      assert.equal(new Set(messages.map((e: Frame) => e.clientId)).size, BURST);
      assert.deepEqual(all.map((e: Frame) => e.seq), Array.from({ length: conv.body.lastSeq }, (_, i) => i + 1), 'no gaps in the sequence');
    });
  });
}
