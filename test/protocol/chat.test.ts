/** The WebSocket protocol end to end; test names quote the rule IDs of docs/protocol/SPEC.md. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { WsClient, WsClients } from '../support/ws-client.js';

for (const backend of BACKENDS) {
  describe(`chat protocol (${backend})`, () => {
    let t: TestApp;
    let url: string;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let carol: { id: string; token: string };
    let dave: { id: string; token: string };
    let group: string;
    const clients = new WsClients(() => url);
    const connect = (token?: string, headers?: Record<string, string>) => clients.connect(token, headers);

    before(async () => {
      t = await TestApp.start(backend, { messageBurst: 1000, messageRatePerSecond: 1000 });
      const admin = await t.admin();
      const a1 = await t.agency(admin, 'DOT');
      const a2 = await t.agency(admin, 'DHHR');
      alice = await t.user(admin, { username: 'alice', agencyId: a1 });
      bob = await t.user(admin, { username: 'bob', agencyId: a2 });
      carol = await t.user(admin, { username: 'carol', agencyId: a1 });
      dave = await t.user(admin, { username: 'dave', agencyId: a2 });
      for (const u of [alice, bob, carol, dave]) await t.acknowledge(u.token);
      const g = await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'group', name: 'Bridge inspections', memberIds: [bob.id] } });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      group = g.body.id;
      url = await t.listen();
    });
    after(async () => {
      clients.closeAll();
      await t.stop();
    });

    test('[AUTH-1] an auth frame with a bearer token gets ready with the protocol version and policy state', async () => {
      const c = await connect();
      const ready = await c.request({ type: 'auth', token: alice.token });
      assert.equal(ready.type, 'ready');
      assert.equal(ready.protocol, 1);
      assert.equal(ready.userId, alice.id);
      assert.equal(ready.policy.acknowledged, true);
    });

    test('[AUTH-2] chat frames before auth are refused; [AUTH-3] a bad token closes with 4001', async () => {
      const c = await connect();
      const refused = await c.request({ type: 'ping' });
      assert.equal(refused.code, 'unauthenticated');
      c.send({ type: 'auth', token: `prl_${'x'.repeat(43)}` });
      const closed = await c.closed;
      assert.equal(closed.code, 4001);
    });

    test('[AUTH-4] a cookie upgrade from a foreign Origin is refused; [AUTH-5] from our own it is ready at once', async () => {
      const signIn = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'carol', password: 'carol-correct-horse-battery' } });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
      const proof = t.devices.for('carol').enrollment(signIn.body.csrfToken);
      assert.equal((await t.request('POST', '/api/v1/me/device', { headers: { cookie, 'x-csrf-token': signIn.body.csrfToken }, body: proof })).status, 200);
      await assert.rejects(WsClient.connect(url, { headers: { cookie, origin: 'https://evil.example' } }), /403/);
      await assert.rejects(WsClient.connect(url, { headers: { cookie } }), /403/, 'a cookie without Origin is not a browser we trust');
      const c = await connect(undefined, { cookie, origin: url });
      const ready = await c.next((f) => f.type === 'ready');
      assert.equal(ready.userId, carol.id);
    });

    test('[SND-1] the ack comes after commit with id and sequence; [DLV-1] every session of every member gets it', async () => {
      const a = await connect(alice.token);
      const aPhone = await connect(alice.token);
      const b = await connect(bob.token);
      const c = await connect(carol.token);
      const ack = await a.request({ type: 'message.send', conversationId: group, clientId: 'snd-1', body: 'Inspection at 10 on the Kanawha bridge' });
      assert.equal(ack.type, 'ack');
      assert.equal(ack.duplicate, false);
      assert.ok(ack.seq > 0);
      const stored = await t.request('GET', `/api/v1/conversations/${group}/events?after=${ack.seq - 1}`, { token: bob.token });
      assert.equal(stored.body.events[0].id, ack.id, 'acknowledged means committed');
      for (const client of [a, aPhone, b]) {
        const m = await client.next((f) => f.type === 'message' && f.event.id === ack.id);
        assert.equal(m.event.body, 'Inspection at 10 on the Kanawha bridge');
        assert.equal(m.event.senderId, alice.id);
      }
      // [DLV-2] a non-member never receives it.
      await c.request({ type: 'ping' });
      assert.equal(c.frames.filter((f) => f.type === 'message').length, 0);
    });

    test('[SND-2] a resend with the same client id returns the first ack and writes nothing', async () => {
      const a = await connect(alice.token);
      const first = await a.request({ type: 'message.send', conversationId: group, clientId: 'idem-1', body: 'once' });
      const again = await a.request({ type: 'message.send', conversationId: group, clientId: 'idem-1', body: 'once' });
      assert.equal(again.duplicate, true);
      assert.deepEqual([again.id, again.seq], [first.id, first.seq]);
      const conv = await t.request('GET', `/api/v1/conversations/${group}`, { token: alice.token });
      assert.equal(conv.body.lastSeq, first.seq, 'no second event');
      const elsewhere = await a.request({ type: 'message.send', conversationId: 'other-conversation', clientId: 'idem-1', body: 'x' });
      assert.equal(elsewhere.code, 'conflict');
    });

    test('[SND-4] a non-member cannot send, read history or learn the conversation exists', async () => {
      const c = await connect(carol.token);
      for (const frame of [
        { type: 'message.send', conversationId: group, clientId: 'nm-1', body: 'hi' },
        { type: 'history', conversationId: group },
        { type: 'typing', conversationId: group, state: 'start' },
        { type: 'read', conversationId: group, seq: 1 },
      ]) {
        const r = await c.request(frame);
        assert.equal(r.code, 'not_found', frame.type);
      }
      const unknown = await c.request({ type: 'history', conversationId: 'no-such-conversation' });
      assert.equal(unknown.code, 'not_found');
      assert.equal(unknown.message.replace('no-such-conversation', group), (await c.request({ type: 'history', conversationId: group })).message);
    });

    test('[SND-5] a message over the length limit is refused with the limit; an empty one too', async () => {
      const a = await connect(alice.token);
      const long = await a.request({ type: 'message.send', conversationId: group, clientId: 'long-1', body: 'x'.repeat(4001) });
      assert.equal(long.code, 'validation_failed');
      assert.equal(long.data.limit, 4000);
      const empty = await a.request({ type: 'message.send', conversationId: group, clientId: 'empty-1', body: '   ' });
      assert.equal(empty.code, 'validation_failed');
    });

    test('[DLV-3] after a reconnect, resume delivers exactly what was missed: no gap, no duplicate', async () => {
      const b = await connect(bob.token);
      const a = await connect(alice.token);
      const seen = await a.request({ type: 'message.send', conversationId: group, clientId: 'res-0', body: 'before the tunnel' });
      await b.next((f) => f.type === 'message' && f.event.id === seen.id);
      b.close();
      const missed = [];
      for (let i = 1; i <= 5; i++) missed.push(await a.request({ type: 'message.send', conversationId: group, clientId: `res-${i}`, body: `missed ${i}` }));
      const b2 = await connect(bob.token);
      const page = await b2.request({ type: 'resume', positions: { [group]: seen.seq } });
      assert.equal(page.type, 'history');
      assert.deepEqual(page.events.map((e: { seq: number }) => e.seq), missed.map((m) => m.seq));
      assert.equal(page.hasMore, false);
      await b2.next((f) => f.type === 'resumed');
    });

    test('[HIS-1] history pages backward oldest-first without overlap; [HIS-2] forward with afterSeq', async () => {
      const a = await connect(alice.token);
      const all: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await a.request({ type: 'history', conversationId: group, limit: 3, ...(before !== undefined ? { beforeSeq: before } : {}) });
        const seqs = page.events.map((e: { seq: number }) => e.seq);
        assert.deepEqual(seqs, [...seqs].sort((x: number, y: number) => x - y));
        all.unshift(...seqs);
        if (!page.hasMore) break;
        before = seqs[0];
      }
      assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1));
      const fwd = await a.request({ type: 'history', conversationId: group, afterSeq: 2, limit: 2 });
      assert.deepEqual(fwd.events.map((e: { seq: number }) => e.seq), [3, 4]);
    });

    test('[EDT-1] an edit shows the new text to members; [EDT-2] a delete hides the message; the record keeps both originals', async () => {
      const a = await connect(alice.token);
      const b = await connect(bob.token);
      const sent = await a.request({ type: 'message.send', conversationId: group, clientId: 'edt-0', body: 'meet at 3' });
      const edit = await a.request({ type: 'message.edit', conversationId: group, messageId: sent.id, clientId: 'edt-1', body: 'meet at 4' });
      assert.equal(edit.type, 'ack');
      const seenEdit = await b.next((f) => f.type === 'message' && f.event.kind === 'edit');
      assert.deepEqual([seenEdit.event.messageId, seenEdit.event.body], [sent.id, 'meet at 4']);
      const notMine = await b.request({ type: 'message.edit', conversationId: group, messageId: sent.id, clientId: 'edt-x', body: 'hijack' });
      assert.equal(notMine.code, 'forbidden', '[EDT-3] only the sender edits');
      let h = await b.request({ type: 'history', conversationId: group, afterSeq: sent.seq - 1 });
      const view = h.events.find((e: { id: string }) => e.id === sent.id);
      assert.deepEqual([view.body, view.edited, view.deleted], ['meet at 4', true, false]);
      await a.request({ type: 'message.delete', conversationId: group, messageId: sent.id, clientId: 'edt-2' });
      h = await b.request({ type: 'history', conversationId: group, afterSeq: sent.seq - 1 });
      for (const e of h.events.filter((x: { messageId: string }) => x.messageId === sent.id)) {
        assert.equal(e.body, null, `${e.kind} leaks the deleted text`);
        assert.equal(e.deleted, true);
      }
      const again = await a.request({ type: 'message.edit', conversationId: group, messageId: sent.id, clientId: 'edt-3', body: 'undead' });
      assert.equal(again.code, 'conflict');
      const record = await t.app.store.messages.range(group, { afterSeq: sent.seq - 1, limit: 10, order: 'asc' });
      assert.deepEqual(record.filter((e) => e.messageId === sent.id).map((e) => [e.kind, e.body]), [['message', 'meet at 3'], ['edit', 'meet at 4'], ['delete', null]]);
    });

    test('[RD-1] a read marker reaches the members and lowers the unread count; it never goes back', async () => {
      const b = await connect(bob.token);
      const a = await connect(alice.token);
      const sent = await a.request({ type: 'message.send', conversationId: group, clientId: 'rd-1', body: 'read me' });
      let list = await t.request('GET', '/api/v1/conversations', { token: bob.token });
      assert.ok(list.body.items.find((c: { id: string }) => c.id === group).unread > 0);
      const ok = await b.request({ type: 'read', conversationId: group, seq: sent.seq });
      assert.equal(ok.seq, sent.seq);
      const seen = await a.next((f) => f.type === 'read' && f.userId === bob.id);
      assert.equal(seen.seq, sent.seq);
      list = await t.request('GET', '/api/v1/conversations', { token: bob.token });
      assert.equal(list.body.items.find((c: { id: string }) => c.id === group).unread, 0);
      const back = await b.request({ type: 'read', conversationId: group, seq: 1 });
      assert.equal(back.seq, sent.seq);
    });

    test('[TYP-1] typing reaches the other members, not the typist', async () => {
      const a = await connect(alice.token);
      const b = await connect(bob.token);
      await a.request({ type: 'typing', conversationId: group, state: 'start' });
      const seen = await b.next((f) => f.type === 'typing');
      assert.deepEqual([seen.userId, seen.state], [alice.id, 'start']);
      await a.request({ type: 'ping' });
      assert.equal(a.frames.filter((f) => f.type === 'typing').length, 0);
    });

    test('[PRS-1] presence shows who is online across devices; [PRS-2] dnd wins; going away shows offline', async () => {
      const watcher = await connect(carol.token);
      const state = await watcher.request({ type: 'presence.watch', userIds: [dave.id] });
      assert.deepEqual(state.users, [{ userId: dave.id, status: 'offline', lastSeenAt: t.clock.now() }], 'never connected: last seen at sign-in');
      const d1 = await connect(dave.token);
      const d2 = await connect(dave.token);
      await watcher.next((f) => f.type === 'presence' && f.userId === dave.id && f.status === 'online');
      await d2.request({ type: 'presence.set', status: 'dnd' });
      await watcher.next((f) => f.type === 'presence' && f.userId === dave.id && f.status === 'dnd');
      d2.close();
      await watcher.next((f) => f.type === 'presence' && f.userId === dave.id && f.status === 'online');
      d1.close();
      const off = await watcher.next((f) => f.type === 'presence' && f.userId === dave.id && f.status === 'offline');
      assert.equal(typeof off.lastSeenAt, 'number');
      const rest = await t.request('GET', `/api/v1/presence?userIds=${dave.id},${carol.id}`, { token: alice.token });
      assert.deepEqual(rest.body.items.map((p: { status: string }) => p.status), ['offline', 'online']);
      assert.equal(rest.body.items[0].lastSeenAt, off.lastSeenAt);
      const online = await t.request('GET', `/api/v1/presence?userIds=${carol.id}`, { token: alice.token });
      assert.deepEqual(online.body.items, [{ userId: carol.id, status: 'online', lastSeenAt: null }]);
      const bad = await t.request('GET', '/api/v1/presence?userIds=a,,b', { token: alice.token });
      assert.equal(bad.body.error.code, 'validation_failed');
    });

    test('[ERR-1] malformed frames get an error naming the problem and the connection survives', async () => {
      const a = await connect(alice.token);
      a.send('{not json');
      assert.match((await a.next((f) => f.type === 'error')).message, /not valid UTF-8 JSON/);
      a.send(JSON.stringify([1, 2]));
      assert.match((await a.next((f) => f.type === 'error')).message, /JSON object/);
      const unknown = await a.request({ type: 'message.shout', body: 'x' });
      assert.match(unknown.message, /Unknown frame type "message.shout"/);
      const extra = await a.request({ type: 'ping', admin: true });
      assert.match(extra.message, /unknown field "admin"/);
      const wrong = await a.request({ type: 'message.send', conversationId: group, clientId: 'w', body: 42 });
      assert.equal(wrong.data.field, 'body');
      const nul = await a.request({ type: 'message.send', conversationId: group, clientId: 'nul-1', body: 'a\u0000b' });
      assert.match(nul.message, /NUL/);
      assert.equal((await a.request({ type: 'ping' })).type, 'pong');
    });

    test('[ERR-6] presence watches per connection are bounded; [ERR-7] frames in progress are bounded', async () => {
      const a = await connect(alice.token);
      const many = Array.from({ length: 500 }, (_, i) => `u${i}`);
      for (let k = 0; k < 4; k++) {
        const r = await a.request({ type: 'presence.watch', userIds: many.map((u) => `${u}-${k}`) });
        assert.equal(r.type, 'presence.state');
      }
      const over = await a.request({ type: 'presence.watch', userIds: ['one-too-many'] });
      assert.equal(over.code, 'validation_failed');
      assert.equal(over.data.limit, 2000);
      // A burst far beyond the in-flight bound: some frames are refused with rate_limited, none is lost silently.
      const b = await connect(alice.token);
      for (let i = 0; i < 600; i++) b.send({ type: 'history', ref: `h${i}`, conversationId: group, limit: 1 });
      const replies = await b.collect((f) => typeof f.ref === 'string' && f.ref.startsWith('h'), 600, 20_000);
      const limited = replies.filter((f) => f.code === 'rate_limited').length;
      assert.equal(replies.length, 600, 'every frame got an answer');
      assert.ok(limited > 0 && limited < 600, `${limited} refused`);
    });

    test('[ERR-4] a flood of malformed frames closes with 4009; [ERR-5] an oversized frame closes with 1009', async () => {
      const a = await connect(alice.token);
      for (let i = 0; i < 60; i++) a.send('garbage');
      assert.equal((await a.closed).code, 4009);
      const b = await connect(alice.token);
      b.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(300_000) }));
      assert.equal((await b.closed).code, 1009);
    });

    test('[SND-3] after a new policy version, nobody sends until they acknowledge it', async () => {
      const b = await connect(bob.token);
      const current = await t.request('GET', '/api/v1/policy/versions/' + (await t.request('GET', '/api/v1/policy/current', { token: bob.token })).body.policy.id, { token: bob.token });
      const admin = await t.signIn('admin', 'admin-correct-horse-battery');
      const published = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: current.body.source.replace(/^version: .*$/m, 'version: "2026.11.27-9"') } });
      assert.equal(published.status, 201);
      const r = await b.request({ type: 'message.send', conversationId: group, clientId: 'noack-1', body: 'hello' });
      assert.equal(r.code, 'policy_ack_required');
      assert.equal(r.data.version, '2026.11.27-9');
      await t.acknowledge(bob.token);
      const ok = await b.request({ type: 'message.send', conversationId: group, clientId: 'noack-1', body: 'hello' });
      assert.equal(ok.type, 'ack');
    });

    test('[SES-1] a revoked session is refused at auth', async () => {
      const token = await t.signIn('carol', 'carol-correct-horse-battery');
      await t.request('POST', '/api/v1/auth/sign-out', { token });
      const c = await connect();
      c.send({ type: 'auth', token });
      assert.equal((await c.closed).code, 4001);
    });
  });
}

describe('protocol version', () => {
  test('[VER-1] asking for a protocol version the server does not speak closes with 4000', async () => {
    const t = await TestApp.start(BACKENDS[0] ?? 'sqlite');
    try {
      const url = await t.listen();
      const WebSocket = (await import('ws')).default;
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/ws?protocol=2`);
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      assert.equal(code, 4000);
    } finally {
      await t.stop();
    }
  });
});
