import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp, type Response } from '../support/app.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const assertScimError = (res: Response, status: number, scimType?: string): void => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(res.body.schemas, [ERROR]);
  assert.equal(res.body.status, String(status));
  assert.equal(res.body.scimType, scimType);
  assert.equal(typeof res.body.detail, 'string');
};

for (const backend of BACKENDS) {
  describe(`SCIM provisioning (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let token: string;
    const scim = (method: string, path: string, body?: unknown, bearer: string | null = token) =>
      t.request(method, `/scim/v2${path}`, {
        ...(bearer ? { headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) } } : {}),
        ...(body !== undefined ? { raw: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
      schemas: [USER, ENTERPRISE], userName, displayName: userName.toUpperCase(), emails: [{ value: `${userName}@dhhr.wv.gov`, primary: true }],
      externalId: `ext-${userName}`, userType: 'contractor', [ENTERPRISE]: { organization: 'DHHR' }, ...extra,
    });

    before(async () => {
      t = await TestApp.start(backend, { allowedEmailDomains: 'wv.gov' });
      admin = await t.admin();
      await t.agency(admin, 'DHHR');
      const res = await t.request('POST', '/api/v1/provisioning-tokens', { token: admin, body: { name: 'Agency IdP' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      token = res.body.token;
    });
    after(() => t.stop());

    test('provisioning tokens: system administrators only, secret shown once, audited; bad tokens get SCIM 401s', async () => {
      const list = await t.request('GET', '/api/v1/provisioning-tokens', { token: admin });
      assert.equal(list.body.items.length, 1);
      assert.ok(!JSON.stringify(list.body).includes(token), 'the secret is never listed');
      assert.equal((await t.app.store.audit.list({ action: 'provisioning_token.create', limit: 5 })).length, 1);
      const dhhr = (await t.app.store.agencies.getByCode('DHHR'))!.id;
      const staff = await t.user(admin, { username: 'agencyadmin', agencyId: dhhr });
      await t.request('POST', `/api/v1/users/${staff.id}/roles`, { token: admin, body: { role: 'agency_admin', agencyId: dhhr } });
      const refused = await t.request('POST', '/api/v1/provisioning-tokens', { token: staff.token, body: { name: 'sneaky' } });
      assert.equal(refused.status, 403);

      assertScimError(await scim('GET', '/Users', undefined, null), 401);
      assertScimError(await scim('GET', '/Users', undefined, 'not-a-token'), 401);
      assertScimError(await scim('GET', '/Users', undefined, `prv_${'A'.repeat(43)}`), 401);
      assertScimError(await scim('GET', '/Users', undefined, (await t.signIn('agencyadmin', 'agencyadmin-correct-horse-battery'))), 401);

      const second = await t.request('POST', '/api/v1/provisioning-tokens', { token: admin, body: { name: 'Old IdP' } });
      assert.equal((await scim('GET', '/ServiceProviderConfig', undefined, second.body.token)).status, 200);
      const revoked = await t.request('DELETE', `/api/v1/provisioning-tokens/${second.body.provisioningToken.id}`, { token: admin });
      assert.equal(revoked.status, 204);
      assertScimError(await scim('GET', '/Users', undefined, second.body.token), 401);
      assert.equal((await t.app.store.audit.list({ action: 'provisioning_token.revoke', limit: 5 })).length, 1);
    });

    test('creates a user with its external id, agency and person type; audited under the token\'s name', async () => {
      const res = await scim('POST', '/Users', newUser('sam'));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(String(res.headers['content-type']), /application\/scim\+json/);
      assert.equal(res.headers.location, res.body.meta.location);
      assert.equal(res.body.userName, 'sam');
      assert.equal(res.body.externalId, 'ext-sam');
      assert.equal(res.body.active, true);
      assert.equal(res.body.userType, 'contractor');
      assert.equal(res.body[ENTERPRISE].organization, 'DHHR');
      assert.deepEqual(res.body.emails, [{ value: 'sam@dhhr.wv.gov', type: 'work', primary: true }]);
      const entry = (await t.app.store.audit.list({ action: 'user.create', targetId: res.body.id, limit: 1 }))[0]!;
      assert.equal(entry.actorLabel, 'scim:Agency IdP');
      const got = await scim('GET', `/Users/${res.body.id}`);
      assert.equal(got.body.externalId, 'ext-sam');
      // A provisioned user has no password: they sign in through the agency's identity provider.
      const pw = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'sam', password: 'anything at all' } });
      assert.equal(pw.body.error.code, 'invalid_credentials');
    });

    test('refuses duplicates, unknown attributes, bad values and outside e-mail domains in SCIM\'s format', async () => {
      assertScimError(await scim('POST', '/Users', newUser('sam')), 409, 'uniqueness');
      assertScimError(await scim('POST', '/Users', newUser('tim', { favouriteColour: 'red' })), 400, 'invalidSyntax');
      assertScimError(await scim('POST', '/Users', { ...newUser('tim'), schemas: ['urn:example:custom'] }), 400, 'invalidSyntax');
      assertScimError(await scim('POST', '/Users', newUser('tim', { userType: 'astronaut' })), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', newUser('tim', { [ENTERPRISE]: { organization: 'NOPE' } })), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', newUser('tim', { emails: [{ value: 'tim@gmail.com' }] })), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', newUser('tim', { emails: [{ value: 'not an address' }] })), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', newUser('tim', { active: 'maybe' })), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', newUser('=cmd|x')), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Users', '{"schemas": ['), 400, 'invalidSyntax');
      assertScimError(await scim('POST', '/Users', [1, 2]), 400, 'invalidSyntax');
      assertScimError(await scim('POST', '/Users', newUser('tim', { displayName: 'a\u0000b' })), 400, 'invalidValue');
      assertScimError(await scim('GET', '/Nope'), 404);
      assertScimError(await scim('GET', '/Users/no-such-id'), 404);
      // A path that does not decode (the bytes of a lone surrogate) fails before routing, and is still answered as SCIM.
      assertScimError(await scim('GET', '/Users/%ED%A0%80'), 400, 'invalidSyntax');
      // Attributes of the schema that Parley has no place for are accepted and ignored, never stored (a password above all).
      const ok = await scim('POST', '/Users', newUser('tim', { password: 'Secret123!', locale: 'en-US', phoneNumbers: [{ value: '555' }] }));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.password, undefined);
    });

    test('lists with filter userName eq and pages by startIndex and count; a bad filter is invalidFilter', async () => {
      for (const n of ['pa', 'pb', 'pc']) assert.equal((await scim('POST', '/Users', newUser(n))).status, 201);
      const one = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "PB"')}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].userName, 'pb');
      const byExt = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-pc"')}`);
      assert.equal(byExt.body.Resources[0].userName, 'pc');
      const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`);
      assert.deepEqual([none.body.totalResults, none.body.Resources], [0, []]);
      const all = await scim('GET', '/Users?count=1000');
      const total = all.body.totalResults as number;
      const page = await scim('GET', '/Users?startIndex=2&count=2');
      assert.deepEqual([page.body.totalResults, page.body.startIndex, page.body.itemsPerPage], [total, 2, 2]);
      assert.deepEqual(page.body.Resources.map((r: { userName: string }) => r.userName), all.body.Resources.slice(1, 3).map((r: { userName: string }) => r.userName));
      assert.equal((await scim('GET', '/Users?count=0')).body.Resources.length, 0);
      for (const bad of ['userName co "p"', 'userName eq p', 'password eq "x"', 'userName eq "a" or userName eq "b"', '']) {
        assertScimError(await scim('GET', `/Users?filter=${encodeURIComponent(bad)}`), 400, 'invalidFilter');
      }
      assertScimError(await scim('GET', '/Users?startIndex=abc'), 400, 'invalidValue');
    });

    test('PATCH active=false stops sign-in at once and ends sessions; active="True" restores it', async () => {
      const dhhr = (await t.app.store.agencies.getByCode('DHHR'))!.id;
      const { id, token: session } = await t.user(admin, { username: 'pat', agencyId: dhhr });
      assert.equal((await t.request('GET', '/api/v1/session', { token: session })).status, 200);
      const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      assert.equal((await t.request('GET', '/api/v1/session', { token: session })).status, 401);
      const signIn = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'pat', password: 'pat-correct-horse-battery' } });
      assert.equal(signIn.body.error.code, 'account_inactive');
      assert.ok((await t.app.store.sessions.listForUser(id)).every((s) => s.revokedAt !== null));
      // Azure AD sends booleans as strings, and ops without a path.
      const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', value: { active: 'True' } }] });
      assert.equal(on.body.active, true);
      assert.equal((await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'pat', password: 'pat-correct-horse-battery' } })).status, 200);
    });

    test('PATCH changes displayName and e-mail; unknown paths, renames and bad ops are refused', async () => {
      const created = await scim('POST', '/Users', newUser('quinn'));
      const id = created.body.id as string;
      const res = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [
        { op: 'replace', path: 'displayName', value: 'Quinn Q' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'q@wv.gov' },
      ] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.displayName, 'Quinn Q');
      assert.equal(res.body.emails[0].value, 'q@wv.gov');
      const audit = await t.app.store.audit.list({ action: 'user.update', targetId: id, limit: 1 });
      assert.deepEqual(audit[0]!.before, { displayName: 'QUINN', email: 'quinn@dhhr.wv.gov' });
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'nickName.foo', value: 'x' }] }), 400, 'invalidPath');
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'other' }] }), 400, 'mutability');
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'displayName' }] }), 400, 'mutability');
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'move', path: 'active' }] }), 400, 'invalidSyntax');
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [] }), 400, 'invalidSyntax');
      assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails', value: [{ value: 'x@yahoo.com' }] }] }), 400, 'invalidValue');
    });

    test('PUT replaces the user and its external id', async () => {
      const created = await scim('POST', '/Users', newUser('rae'));
      const res = await scim('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'rae', name: { givenName: 'Rae', familyName: 'Roe' }, externalId: 'new-ext', userType: 'volunteer' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.displayName, res.body.externalId, res.body.userType, res.body.emails, res.body[ENTERPRISE]], ['Rae Roe', 'new-ext', 'volunteer', [], {}]);
    });

    test('DELETE deprovisions: sessions end, SCIM forgets the user, the record stays', async () => {
      const { id, token: session } = await t.user(admin, { username: 'del', agencyId: null });
      assert.equal((await scim('DELETE', `/Users/${id}`)).status, 204);
      assert.equal((await t.request('GET', '/api/v1/session', { token: session })).status, 401);
      assertScimError(await scim('GET', `/Users/${id}`), 404);
      assert.equal((await t.app.store.users.get(id))!.status, 'deprovisioned');
      assertScimError(await scim('DELETE', `/Users/${id}`), 404);
    });

    test('system administrators are not deactivated by provisioning', async () => {
      const me = await t.request('GET', '/api/v1/session', { token: admin });
      assertScimError(await scim('PATCH', `/Users/${me.body.user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }), 403);
      assertScimError(await scim('DELETE', `/Users/${me.body.user.id}`), 403);
    });

    test('groups map to roles and agencies by name; membership grants and revokes', async () => {
      const u = await scim('POST', '/Users', newUser('gwen', { [ENTERPRISE]: {} }));
      const id = u.body.id as string;
      const role = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'role:compliance_reviewer:DHHR', members: [{ value: id }] });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      const dhhr = (await t.app.store.agencies.getByCode('DHHR'))!.id;
      assert.deepEqual(await t.app.store.roles.listFor(id), [{ role: 'compliance_reviewer', agencyId: dhhr }]);
      assert.deepEqual(role.body.members.map((m: { value: string }) => m.value), [id]);

      const agency = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'agency:dhhr' });
      const added = await scim('PATCH', `/Groups/${agency.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] });
      assert.ok(added.body.members.some((m: { value: string }) => m.value === id));
      assert.equal((await t.app.store.users.get(id))!.agencyId, dhhr);

      const removed = await scim('PATCH', `/Groups/${role.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] });
      assert.deepEqual(removed.body.members, []);
      assert.deepEqual(await t.app.store.roles.listFor(id), []);

      const found = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "agency:dhhr"')}`);
      assert.equal(found.body.totalResults, 1);
      assertScimError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'agency:dhhr' }), 409, 'uniqueness');
      assertScimError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Everyone' }), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'role:system_admin' }), 400, 'invalidValue');
      assertScimError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'role:auditor:NOPE' }), 400, 'invalidValue');
      assertScimError(await scim('PATCH', `/Groups/${role.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }] }), 400, 'invalidValue');
      assertScimError(await scim('PATCH', `/Groups/${role.body.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'role:auditor' }] }), 400, 'mutability');

      const other = (await scim('POST', '/Users', newUser('hal'))).body.id as string;
      const put = await scim('PUT', `/Groups/${role.body.id}`, { schemas: [GROUP], displayName: 'role:compliance_reviewer:DHHR', members: [{ value: other }] });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body.members.map((m: { value: string }) => m.value), [other]);
      const put2 = await scim('PUT', `/Groups/${role.body.id}`, { schemas: [GROUP], displayName: 'role:compliance_reviewer:DHHR', members: [{ value: id }] });
      assert.deepEqual(put2.body.members.map((m: { value: string }) => m.value), [id], 'PUT sets the members exactly');
      assert.deepEqual(await t.app.store.roles.listFor(other), []);
      assertScimError(await scim('PUT', `/Groups/${role.body.id}`, { schemas: [GROUP], displayName: 'role:auditor:DHHR', members: [] }), 400, 'mutability');
      assert.equal((await scim('DELETE', `/Groups/${role.body.id}`)).status, 204);
      assert.deepEqual(await t.app.store.roles.listFor(id), [], 'deleting a role group takes the role away');
      assertScimError(await scim('GET', `/Groups/${role.body.id}`), 404);
    });
  });
}
