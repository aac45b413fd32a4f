/** WVOT-PO1010 §4.2: nobody reads or sends a message before acknowledging the current policy. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { engineFor } from '../../src/actions/content-policy.js';

for (const backend of BACKENDS) {
  describe(`policy acknowledgement (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let alice: { id: string; token: string };
    before(async () => {
      t = await TestApp.start(backend);
      admin = await t.admin();
      const agency = await t.agency(admin, 'ACK');
      alice = await t.user(admin, { username: 'alice', agencyId: agency });
    });
    after(() => t.stop());

    test('the shipped WVOT-PO1010 pack is current at first start, with its banner', async () => {
      const res = await t.request('GET', '/api/v1/policy/current', { token: alice.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.policy.packId, 'wvot-po1010');
      assert.equal(res.body.acknowledged, false);
      assert.match(res.body.policy.banner, /no expectation of privacy/i);
      assert.match(res.body.policy.banner, /monitors and records/i);
      assert.match(res.body.policy.banner, /HIPAA/);
    });

    test('chat is refused with policy_ack_required until the user acknowledges', async () => {
      const refused = await t.request('GET', '/api/v1/directory', { token: alice.token });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'policy_ack_required');
      const current = await t.request('GET', '/api/v1/policy/current', { token: alice.token });
      assert.equal(refused.body.error.data.policyVersionId, current.body.policy.id);
    });

    test('acknowledging a version that is not current is refused', async () => {
      const res = await t.request('POST', '/api/v1/policy/acknowledgements', { token: alice.token, body: { policyVersionId: 'old-version' } });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'policy_version_mismatch');
    });

    test('the acknowledgement records user, version, time, session and client address', async () => {
      await t.acknowledge(alice.token);
      const acks = await t.app.store.policies.listAcks({ userId: alice.id, limit: 5 });
      assert.equal(acks.length, 1);
      const [ack] = acks;
      const current = await t.app.store.policies.current();
      assert.equal(ack!.policyVersionId, current!.id);
      assert.equal(ack!.at, t.clock.now());
      assert.match(ack!.sessionId ?? '', /^[0-9a-f]{64}$/);
      assert.equal(ack!.ip, '127.0.0.1');
      const open = await t.request('GET', '/api/v1/directory?q=ali', { token: alice.token });
      assert.equal(open.status, 200);
      assert.deepEqual(open.body.items.map((u: { username: string }) => u.username), ['alice']);
    });

    test('publishing a new version requires a fresh acknowledgement', async () => {
      const shipped = await readFile(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8');
      const next = shipped.replace(/^version: .*$/m, 'version: "2026.11.27-2"');
      const pub = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: next } });
      assert.equal(pub.status, 201);
      assert.equal(pub.body.number, 2);
      const refused = await t.request('GET', '/api/v1/directory', { token: alice.token });
      assert.equal(refused.body.error.code, 'policy_ack_required');
      assert.equal(refused.body.error.data.version, '2026.11.27-2');
      await t.acknowledge(alice.token);
      assert.equal((await t.request('GET', '/api/v1/directory', { token: alice.token })).status, 200);
    });

    test('a pack without a banner or with a bad version is refused, naming the field', async () => {
      const noBanner = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: 'id: x\nversion: "1.0.0"\ntitle: t\n' } });
      assert.equal(noBanner.status, 400);
      assert.equal(noBanner.body.error.data.field, 'banner');
      const badVersion = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: 'id: x\nversion: "1 2"\ntitle: t\nbanner: b\n' } });
      assert.equal(badVersion.body.error.data.field, 'version');
      const notYaml = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: 'id: [unclosed' } });
      assert.equal(notYaml.status, 400);
      assert.match(notYaml.body.error.message, /not valid YAML/);
      const bomb = await t.request('POST', '/api/v1/policy/versions', {
        token: admin,
        body: { source: 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' },
      });
      assert.equal(bomb.status, 400, 'an alias bomb is refused, not expanded');
    });

    test('older versions are for staff; the current one for everyone', async () => {
      const versions = await t.request('GET', '/api/v1/policy/versions', { token: admin });
      const oldId = versions.body.items.at(-1).id;
      assert.equal((await t.request('GET', `/api/v1/policy/versions/${oldId}`, { token: alice.token })).status, 403);
      const current = versions.body.items[0].id;
      const mine = await t.request('GET', `/api/v1/policy/versions/${current}`, { token: alice.token });
      assert.equal(mine.status, 200);
      assert.match(mine.body.source, /wvot-po1010/);
    });

    test('the compiled policy outlives the cache refresh, until a new version is published', async () => {
      // The cache re-reads the current version every second; compiling a pack again each time
      // would stall every message behind it.
      const ctx = t.app.systemContext();
      const first = await ctx.policyCache.current(ctx);
      t.clock.advance(5_000);
      const again = await ctx.policyCache.current(ctx);
      assert.equal(again, first);
      assert.equal(engineFor(again!), engineFor(first!));
      const shipped = await readFile(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8');
      const pub = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: shipped.replace(/^version: .*$/m, 'version: "2026.11.27-3"') } });
      assert.equal(pub.status, 201);
      t.clock.advance(5_000);
      const next = await ctx.policyCache.current(ctx);
      assert.equal(next?.id, pub.body.id);
      assert.notEqual(engineFor(next!), engineFor(first!));
    });
  });
}
