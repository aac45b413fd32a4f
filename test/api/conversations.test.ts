/** Conversations and messages over REST: direct, group, channel, membership, limits. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { cleanFileName } from '../../src/actions/attachments.js';

for (const backend of BACKENDS) {
  describe(`conversations over REST (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let dot: string;
    let dhhr: string;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let carol: { id: string; token: string };
    before(async () => {
      t = await TestApp.start(backend, { groupMaxMembers: 3, messageBurst: 3, messageRatePerSecond: 1, broadcastMentionMaxMembers: 2 });
      admin = await t.admin();
      dot = await t.agency(admin, 'DOT');
      dhhr = await t.agency(admin, 'DHHR');
      alice = await t.user(admin, { username: 'alice', agencyId: dot });
      bob = await t.user(admin, { username: 'bob', agencyId: dhhr });
      carol = await t.user(admin, { username: 'carol', agencyId: dot });
      for (const u of [alice, bob, carol]) await t.acknowledge(u.token);
    });
    after(() => t.stop());

    const post = (token: string, body: unknown) => t.request('POST', '/api/v1/conversations', { token, body });

    test('a direct conversation is one per pair, whoever opens it, across agencies', async () => {
      const a = await post(alice.token, { kind: 'direct', userId: bob.id });
      assert.equal(a.status, 201);
      assert.deepEqual(a.body.memberIds.sort(), [alice.id, bob.id].sort());
      const b = await post(bob.token, { kind: 'direct', userId: alice.id });
      assert.equal(b.body.id, a.body.id);
      const self = await post(alice.token, { kind: 'direct', userId: alice.id });
      assert.equal(self.body.error.code, 'validation_failed');
      const ghost = await post(alice.token, { kind: 'direct', userId: 'no-such-user' });
      assert.equal(ghost.body.error.code, 'not_found');
      const leave = await t.request('DELETE', `/api/v1/conversations/${a.body.id}/members/me`, { token: alice.token });
      assert.equal(leave.body.error.code, 'conflict');
    });

    test('a suspended user cannot be messaged or added', async () => {
      const dave = await t.user(admin, { username: 'dave', agencyId: dot });
      await t.request('POST', `/api/v1/users/${dave.id}/status`, { token: admin, body: { status: 'suspended', reason: 'leave' } });
      assert.equal((await post(alice.token, { kind: 'direct', userId: dave.id })).body.error.code, 'not_found');
      assert.equal((await post(alice.token, { kind: 'group', memberIds: [dave.id] })).body.error.code, 'not_found');
    });

    test('a group records who joined; its size is limited; members add people, outsiders cannot', async () => {
      const g = await post(alice.token, { kind: 'group', name: 'Budget', memberIds: [bob.id, bob.id] });
      assert.equal(g.status, 201);
      assert.equal(g.body.memberIds.length, 2);
      const events = await t.request('GET', `/api/v1/conversations/${g.body.id}/events`, { token: bob.token });
      assert.deepEqual(events.body.events.map((e: { kind: string; userId: string }) => [e.kind, e.userId]), [['join', alice.id], ['join', bob.id]]);
      const outsider = await t.request('POST', `/api/v1/conversations/${g.body.id}/members`, { token: carol.token, body: { userIds: [carol.id] } });
      assert.equal(outsider.body.error.code, 'not_found', 'a group cannot be joined from outside');
      const added = await t.request('POST', `/api/v1/conversations/${g.body.id}/members`, { token: bob.token, body: { userIds: [carol.id] } });
      assert.equal(added.status, 200);
      assert.equal(added.body.memberIds.length, 3);
      const over = await post(alice.token, { kind: 'group', memberIds: [bob.id, carol.id, 'x', 'y'] });
      assert.equal(over.body.error.code, 'validation_failed');
      assert.equal(over.body.error.data.limit, 3);
      const left = await t.request('DELETE', `/api/v1/conversations/${g.body.id}/members/me`, { token: carol.token });
      assert.equal(left.status, 204);
      assert.equal((await t.request('GET', `/api/v1/conversations/${g.body.id}/events`, { token: carol.token })).status, 404, 'after leaving, the history is closed');
    });

    test('channels belong to the creator\'s agency; names are unique per agency; anyone may join', async () => {
      const c = await post(alice.token, { kind: 'channel', name: 'Road-Closures', topic: 'Daily list', agencyId: dot });
      assert.equal(c.status, 201);
      assert.equal(c.body.name, 'road-closures');
      const clash = await post(carol.token, { kind: 'channel', name: 'road-closures', agencyId: dot });
      assert.equal(clash.body.error.code, 'already_exists');
      const foreign = await post(bob.token, { kind: 'channel', name: 'takeover', agencyId: dot });
      assert.equal(foreign.body.error.code, 'forbidden');
      const found = await t.request('GET', '/api/v1/channels?q=road', { token: bob.token });
      assert.deepEqual(found.body.items.map((x: { id: string }) => x.id), [c.body.id]);
      const join = await t.request('POST', `/api/v1/conversations/${c.body.id}/members`, { token: bob.token, body: { userIds: [bob.id] } });
      assert.equal(join.status, 200);
      assert.ok(join.body.memberIds.includes(bob.id));
    });

    test('send, edit and delete over REST; resends answer 200 with duplicate', async () => {
      const d = await post(alice.token, { kind: 'direct', userId: carol.id });
      const url = `/api/v1/conversations/${d.body.id}/messages`;
      const sent = await t.request('POST', url, { token: alice.token, body: { clientId: 'rest-1', body: 'Agenda attached' } });
      assert.equal(sent.status, 201);
      const again = await t.request('POST', url, { token: alice.token, body: { clientId: 'rest-1', body: 'Agenda attached' } });
      assert.deepEqual([again.status, again.body.duplicate, again.body.event.id], [200, true, sent.body.event.id]);
      const edit = await t.request('PATCH', `${url}/${sent.body.event.id}`, { token: alice.token, body: { clientId: 'rest-2', body: 'Agenda below' } });
      assert.equal(edit.status, 200);
      assert.equal(edit.body.event.kind, 'edit');
      const del = await t.request('DELETE', `${url}/${sent.body.event.id}?clientId=rest-3`, { token: alice.token });
      assert.equal(del.body.event.kind, 'delete');
      const list = await t.request('GET', '/api/v1/conversations', { token: carol.token });
      const entry = list.body.items.find((c: { id: string }) => c.id === d.body.id);
      assert.equal(entry.unread, 1);
      assert.equal(list.body.items[0].id, d.body.id, 'most recently active first');
      const read = await t.request('POST', `/api/v1/conversations/${d.body.id}/read`, { token: carol.token, body: { seq: 999 } });
      assert.equal(read.body.readSeq, entry.lastSeq, 'a read marker cannot pass the newest event');
    });

    test('[MEN-1] mentions resolve to members; in a large channel only owners may notify everyone', async () => {
      t.clock.advance(60_000); // the tests above spent alice's allowance (resends count, [SND-2])
      const c = await post(carol.token, { kind: 'channel', name: 'all-hands', agencyId: dot });
      for (const u of [alice, bob]) await t.request('POST', `/api/v1/conversations/${c.body.id}/members`, { token: u.token, body: { userIds: [u.id] } });
      const url = `/api/v1/conversations/${c.body.id}/messages`;
      const shout = await t.request('POST', url, { token: alice.token, body: { clientId: 'men-1', body: 'Hey @all, lunch?' } });
      assert.equal(shout.status, 403);
      assert.match(shout.body.error.message, /only owners may notify everyone/);
      assert.equal(shout.body.error.data.limit, 2);
      const owner = await t.request('POST', url, { token: carol.token, body: { clientId: 'men-2', body: '@channel the road report is out' } });
      assert.equal(owner.status, 201);
      assert.equal(owner.body.event.mentionsAll, true);
      const named = await t.request('POST', url, { token: alice.token, body: { clientId: 'men-3', body: '@bob and @nobody and @carol: thanks' } });
      assert.deepEqual(named.body.event.mentions.sort(), [bob.id, carol.id].sort());
    });

    test('[SND-6] a sender over the allowance is told when to retry, and the retry succeeds', async () => {
      const d = await post(bob.token, { kind: 'direct', userId: carol.id });
      const url = `/api/v1/conversations/${d.body.id}/messages`;
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.request('POST', url, { token: bob.token, body: { clientId: `rl-${i}`, body: `m${i}` } })).status);
      assert.deepEqual(codes, [201, 201, 201, 429]);
      const limited = await t.request('POST', url, { token: bob.token, body: { clientId: 'rl-3', body: 'm3' } });
      assert.equal(limited.body.error.code, 'rate_limited');
      assert.ok(limited.body.error.data.retryAfterMs > 0);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      t.clock.advance(limited.body.error.data.retryAfterMs);
      assert.equal((await t.request('POST', url, { token: bob.token, body: { clientId: 'rl-3', body: 'm3' } })).status, 201);
    });

    test('[SND-2] a resend spends the allowance like a send, and a committed message is answered even when its sender is limited', async () => {
      t.clock.advance(60_000); // everyone's allowance is full again
      const d = await post(alice.token, { kind: 'direct', userId: carol.id });
      const url = `/api/v1/conversations/${d.body.id}/messages`;
      const send = async (clientId: string) => t.request('POST', url, { token: alice.token, body: { clientId, body: `text of ${clientId}` } });
      const first = await send('rs-0');
      assert.equal(first.status, 201);
      const again = await send('rs-0');
      assert.deepEqual([again.status, again.body.duplicate, again.body.event.seq], [200, true, first.body.event.seq]);
      // The burst is three: the send and its resend took two.
      assert.deepEqual([(await send('rs-1')).status, (await send('rs-2')).status], [201, 429]);
      for (const clientId of ['rs-0', 'rs-1']) {
        const whileLimited = await send(clientId);
        assert.deepEqual([whileLimited.status, whileLimited.body.duplicate], [200, true], clientId);
      }
      const conv = await t.request('GET', `/api/v1/conversations/${d.body.id}`, { token: alice.token });
      assert.equal(conv.body.lastSeq, first.body.event.seq + 1, 'two messages, nothing from the resends');
    });
  });
}

test('file names are cleaned of paths, control and bidirectional characters', () => {
  assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
  assert.equal(cleanFileName('C:\\Users\\x\\report.pdf'), 'report.pdf');
  assert.equal(cleanFileName('invoice\u202Efdp.exe'), 'invoice_fdp.exe');
  assert.equal(cleanFileName('a\u0000b'), 'a_b');
  assert.equal(cleanFileName('..'), 'attachment');
  assert.equal(cleanFileName(''), 'attachment');
  assert.equal(cleanFileName('x'.repeat(500)).length, 200);
});
