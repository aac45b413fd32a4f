/** Search within one's own conversations, the chat settings, names by id and the current pack as data. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

for (const backend of BACKENDS) {
  describe(`search and chat look-ups (${backend})`, () => {
    let t: TestApp;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let carol: { id: string; token: string };
    let dm: string;
    let group: string;
    const search = (token: string, query: string) => t.request('GET', `/api/v1/search/messages?${query}`, { token });
    const send = (token: string, conversation: string, clientId: string, body: string) =>
      t.request('POST', `/api/v1/conversations/${conversation}/messages`, { token, body: { clientId, body } });

    before(async () => {
      t = await TestApp.start(backend, { attachmentMaxBytes: 5000, messageMaxChars: 1234 });
      const admin = await t.admin();
      alice = await t.user(admin, { username: 'alice', agencyId: null, displayName: 'Alice Adams' });
      bob = await t.user(admin, { username: 'bob', agencyId: null });
      carol = await t.user(admin, { username: 'carol', agencyId: null });
      for (const u of [alice, bob, carol]) await t.acknowledge(u.token);
      dm = (await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'direct', userId: bob.id } })).body.id;
      group = (await t.request('POST', '/api/v1/conversations', { token: bob.token, body: { kind: 'group', memberIds: [carol.id] } })).body.id;
      for (const [token, conv, id, body] of [
        [alice.token, dm, 's1', 'The bridge inspection report is ready'],
        [bob.token, dm, 's2', 'Thanks, the Bridge budget too?'],
        [alice.token, dm, 's3', 'Progress is 100% on the bridge_plan'],
        [bob.token, group, 's4', 'Secret bridge plans for the group only'],
      ] as const) {
        const r = await send(token, conv, id, body);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        t.clock.advance(1000);
      }
    });
    after(() => t.stop());

    test('finds messages in my conversations, case-insensitive, newest first, with the message\'s seq', async () => {
      const r = await search(alice.token, 'q=BRIDGE');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.items.map((i: { body: string }) => i.body), [
        'Progress is 100% on the bridge_plan', 'Thanks, the Bridge budget too?', 'The bridge inspection report is ready',
      ]);
      assert.equal(r.body.items[2].seq < r.body.items[0].seq, true);
      assert.equal(r.body.items[1].senderId, bob.id);
      assert.equal(r.body.next, undefined);
    });

    test('never finds what is in other people\'s conversations, nor in a conversation one left', async () => {
      const mine = await search(alice.token, 'q=secret');
      assert.deepEqual(mine.body.items, [], 'alice is not in the group');
      const asked = await search(alice.token, `q=secret&conversationId=${group}`);
      assert.equal(asked.status, 404);
      assert.equal(asked.body.error.code, 'not_found');
      assert.equal((await search(carol.token, 'q=secret')).body.items.length, 1);
      assert.equal((await t.request('DELETE', `/api/v1/conversations/${group}/members/me`, { token: carol.token })).status, 204);
      assert.deepEqual((await search(carol.token, 'q=secret')).body.items, [], 'after leaving, nothing');
    });

    test('wildcards are literal: % and _ match only themselves', async () => {
      assert.deepEqual((await search(alice.token, `q=${encodeURIComponent('100%')}`)).body.items.map((i: { body: string }) => i.body), ['Progress is 100% on the bridge_plan']);
      assert.deepEqual((await search(alice.token, `q=${encodeURIComponent('1%0')}`)).body.items, []);
      assert.deepEqual((await search(alice.token, 'q=e_p')).body.items.map((i: { body: string }) => i.body), ['Progress is 100% on the bridge_plan']);
      assert.deepEqual((await search(alice.token, 'q=e_i')).body.items, [], 'as a wildcard, _ would match "bridge inspection"');
    });

    test('edited-away, deleted and redacted text is not found; the new text is', async () => {
      const sent = await send(alice.token, dm, 'e1', 'the quarterly zebra count');
      const edit = await t.request('PATCH', `/api/v1/conversations/${dm}/messages/${sent.body.event.id}`, { token: alice.token, body: { clientId: 'e1-edit', body: 'the quarterly giraffe count' } });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      assert.deepEqual((await search(bob.token, 'q=zebra')).body.items, []);
      const now = await search(bob.token, 'q=giraffe');
      assert.deepEqual(now.body.items.map((i: { messageId: string; edited: boolean }) => [i.messageId, i.edited]), [[sent.body.event.id, true]]);
      const gone = await send(alice.token, dm, 'd1', 'a walrus sighting');
      await t.request('DELETE', `/api/v1/conversations/${dm}/messages/${gone.body.event.id}?clientId=d1-del`, { token: alice.token });
      assert.deepEqual((await search(bob.token, 'q=walrus')).body.items, []);
      const masked = await send(alice.token, dm, 'r1', 'Send the forms to 1200 Kanawha Blvd E, Charleston WV 25305 by noon');
      assert.equal(masked.status, 201, JSON.stringify(masked.body));
      assert.deepEqual((await search(bob.token, 'q=Kanawha')).body.items, [], 'members never saw the address');
      assert.equal((await search(bob.token, 'q=by%20noon')).body.items[0].body, masked.body.event.body);
    });

    test('a message whose original and edited text both match is found once, across pages', async () => {
      const sent = await send(alice.token, dm, 'o1', 'the heron census');
      t.clock.advance(1000);
      const edit = await t.request('PATCH', `/api/v1/conversations/${dm}/messages/${sent.body.event.id}`, { token: alice.token, body: { clientId: 'o1-edit', body: 'the heron census, revised' } });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      t.clock.advance(1000);
      const seen: string[] = [];
      let next: string | undefined;
      for (let page = 0; page < 5; page++) {
        const r = await search(bob.token, `q=heron&limit=1${next ? `&after=${encodeURIComponent(next)}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        seen.push(...r.body.items.map((i: { body: string }) => i.body));
        next = r.body.next;
        if (!next) break;
      }
      assert.deepEqual(seen, ['the heron census, revised']);
    });

    test('pages with a cursor, bounded by limit', async () => {
      const first = await search(alice.token, 'q=bridge&limit=2');
      assert.equal(first.body.items.length, 2);
      assert.ok(first.body.next);
      const second = await search(alice.token, `q=bridge&limit=2&after=${encodeURIComponent(first.body.next)}`);
      assert.deepEqual(second.body.items.map((i: { body: string }) => i.body), ['The bridge inspection report is ready']);
    });

    test('bad input is refused naming the field', async () => {
      for (const [query, field] of [
        ['q=a', 'query.q'], ['q=%20%20%20', 'query.q'], ['', 'q'], [`q=${'x'.repeat(101)}`, 'q'], ['q=bridge&limit=0', 'limit'],
        ['q=bridge&limit=51', 'limit'], ['q=bridge&after=nonsense', 'query.after'], ['q=bridge&conversationId=..%2F', 'conversationId'],
        ['q=bridge&extra=1', 'extra'],
      ] as const) {
        const r = await search(alice.token, query);
        assert.equal(r.status, 400, `${query}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, 'validation_failed', query);
        assert.match(String(r.body.error.data?.field ?? r.body.error.message), new RegExp(field.replace('.', '\\.')), query);
      }
      assert.equal((await t.request('GET', '/api/v1/search/messages?q=bridge')).status, 401);
    });

    test('the chat settings are the server\'s configured limits', async () => {
      const r = await t.request('GET', '/api/v1/chat/settings', { token: bob.token });
      assert.equal(r.status, 200);
      assert.equal(r.body.attachmentMaxBytes, 5000);
      assert.equal(r.body.messageMaxChars, 1234);
      assert.equal(typeof r.body.attachmentDailyQuotaBytes, 'number');
    });

    test('names by id: known ids answered, unknown left out, bad lists refused', async () => {
      const r = await t.request('GET', `/api/v1/directory/people?ids=${alice.id},nobody,${bob.id}`, { token: carol.token });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.items.map((p: { id: string; displayName: string }) => [p.id, p.displayName]).sort(), [[alice.id, 'Alice Adams'], [bob.id, 'bob']].sort());
      assert.equal(r.body.items[0].email, undefined, 'no e-mail addresses');
      const many = Array.from({ length: 101 }, (_, i) => `u${i}`).join(',');
      for (const q of ['ids=', 'ids=a,,b', `ids=${many}`, 'ids=a;b']) {
        const bad = await t.request('GET', `/api/v1/directory/people?${q}`, { token: carol.token });
        assert.equal(bad.body.error?.code, 'validation_failed', q);
      }
    });

    test('the current pack as data, for anyone signed in', async () => {
      const r = await t.request('GET', '/api/v1/policy/current/pack', { token: carol.token });
      assert.equal(r.status, 200);
      const current = await t.request('GET', '/api/v1/policy/current', { token: carol.token });
      assert.equal(r.body.policyVersionId, current.body.policy.id);
      assert.equal(r.body.pack.id, 'wvot-po1010');
      assert.ok(r.body.pack.rules.some((rule: { id: string }) => rule.id === 'pii-government-ids'));
      assert.equal((await t.request('GET', '/api/v1/policy/current/pack')).status, 401);
    });
  });
}
