/** `parley demo` seeds a living deployment, through the same actions as real use. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { PERSON_TYPES } from '../../src/domain/directory.js';

for (const backend of BACKENDS) {
  describe(`parley demo (${backend})`, () => {
    let t: TestApp;
    let out: string;
    before(async () => {
      t = await TestApp.start(backend);
      // The test app published the policy already; the demo runs on an empty directory.
      const r = await runCli(t, { PARLEY_SCRYPT_COST: '1024' }, 'demo');
      assert.equal(r.code, 0, r.err);
      out = r.out;
    });
    after(() => t.stop());

    test('seeds agencies, people of every person type, conversations and traffic; the policy acted on the violations', async () => {
      assert.equal((await t.app.store.agencies.list({})).length, 4);
      const users = (await t.app.store.users.list({ limit: 500 })).items;
      for (const type of PERSON_TYPES) assert.ok(users.some((u) => u.personType === type), type);
      const sent = Number(/(\d+) messages sent/.exec(out)?.[1]);
      const refused = Number(/(\d+) refused/.exec(out)?.[1]);
      assert.ok(sent > 40, out);
      assert.ok(refused >= 1, 'the SSN was blocked');
      assert.ok((await t.app.store.reviews.list({ status: 'open', limit: 50 })).length >= 2, 'flags and confirmed warnings are queued');
    });

    test('demo people sign in with the printed password and are past the acknowledgement', async () => {
      const password = /password: (\S+)/.exec(out)![1]!;
      const reviewer = /(\S+) is a compliance reviewer/.exec(out)![1]!;
      const token = await t.signIn(reviewer, password);
      const conversations = await t.request('GET', '/api/v1/conversations', { token });
      assert.equal(conversations.status, 200);
      assert.ok(conversations.body.items.length >= 1);
      assert.equal((await t.request('GET', '/api/v1/review/items', { token })).status, 200);
    });

    test('the audit chain verifies after seeding; a second run refuses a non-empty deployment', async () => {
      const verify = await runCli(t, {}, 'audit', 'verify');
      assert.equal(verify.code, 0, verify.out);
      const again = await runCli(t, { PARLEY_SCRYPT_COST: '1024' }, 'demo');
      assert.equal(again.code, 1);
      assert.match(again.err, /already has agencies/);
    });
  });
}
