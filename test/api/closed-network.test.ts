import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

for (const backend of BACKENDS) {
  describe(`§4.1 closed to outside networks (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    before(async () => {
      t = await TestApp.start(backend, { allowedEmailDomains: 'wv.gov, wvdhhr.org' });
      admin = await t.admin();
    });
    after(() => t.stop());

    test('creating or changing a user with an address outside the State domains is refused', async () => {
      const body = (username: string, email: string) => ({ username, displayName: username, email, agencyId: null, personType: 'employee' });
      const out = await t.request('POST', '/api/v1/users', { token: admin, body: body('gmailer', 'someone@gmail.com') });
      assert.equal(out.status, 400);
      assert.equal(out.body.error.code, 'email_domain_not_allowed');
      const lookAlike = await t.request('POST', '/api/v1/users', { token: admin, body: body('lookalike', 'someone@notwv.gov') });
      assert.equal(lookAlike.body.error.code, 'email_domain_not_allowed');
      assert.equal(await t.app.store.users.getByUsername('gmailer'), null);
      for (const [name, email] of [['stater', 'a@wv.gov'], ['sub', 'b@dhhr.wv.gov'], ['other', 'c@WVDHHR.org']] as const) {
        assert.equal((await t.request('POST', '/api/v1/users', { token: admin, body: body(name, email) })).status, 201, email);
      }
      const stater = (await t.app.store.users.getByUsername('stater'))!;
      const patch = await t.request('PATCH', `/api/v1/users/${stater.id}`, { token: admin, body: { email: 'stater@yahoo.com' } });
      assert.equal(patch.body.error.code, 'email_domain_not_allowed');
      assert.equal((await t.app.store.users.get(stater.id))!.email, 'a@wv.gov');
    });

    test('there are no federation endpoints: no other chat server can reach in', async () => {
      const doc = await t.request('GET', '/openapi.json');
      assert.equal(doc.status, 200);
      const paths = Object.keys(doc.body.paths as Record<string, unknown>);
      assert.ok(paths.length > 20);
      for (const p of paths) assert.doesNotMatch(p, /federat|_matrix|xmpp|s2s|activitypub|\.well-known\/(matrix|host-meta|webfinger)/i, p);
      assert.equal((await t.request('GET', '/_matrix/federation/v1/version')).status, 404);
      assert.equal((await t.request('GET', '/.well-known/matrix/server')).status, 404);
    });
  });
}
