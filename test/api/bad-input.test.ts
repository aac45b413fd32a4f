/** Hostile and broken requests: each gets a 4xx with a stable code that names the problem; never a 500. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp, type Response } from '../support/app.js';

function assertClientError(res: Response, code: string, mentions?: RegExp): void {
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.error.requestId, 'string');
  assert.doesNotMatch(JSON.stringify(res.body), /at .*\.(ts|js):\d+/, 'no stack trace leaks');
  if (mentions) assert.match(res.body.error.message, mentions);
}

for (const backend of BACKENDS) {
  describe(`bad input (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    before(async () => {
      t = await TestApp.start(backend, { bodyLimitBytes: 4096 });
      admin = await t.admin();
    });
    after(() => t.stop());

    test('malformed JSON', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, raw: '{"code": "X",', headers: { 'content-type': 'application/json' } });
      assertClientError(res, 'invalid_json');
    });

    test('an empty JSON body', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, raw: '', headers: { 'content-type': 'application/json' } });
      assertClientError(res, 'invalid_json');
    });

    test('invalid UTF-8 is refused, not silently replaced', async () => {
      const raw = Buffer.concat([Buffer.from('{"code":"UTF","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, raw, headers: { 'content-type': 'application/json' } });
      assertClientError(res, 'invalid_utf8');
      assert.equal(await t.app.store.agencies.getByCode('UTF'), null);
    });

    test('a body over the limit states the limit', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'BIG', name: 'x'.repeat(5000) } });
      assertClientError(res, 'payload_too_large', /4096/);
      assert.equal(res.status, 413);
    });

    test('a body that is not JSON', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, raw: 'code=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assertClientError(res, 'unsupported_media_type');
    });

    test('an unknown field is named', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'UNK', name: 'x', isAdmin: true } });
      assertClientError(res, 'validation_failed', /isAdmin/);
    });

    test('wrong types are refused, not coerced', async () => {
      const num = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 12345, name: 'x' } });
      assertClientError(num, 'validation_failed', /body\.code/);
      const arr = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: ['admin'], password: 'x' } });
      assertClientError(arr, 'validation_failed', /username/);
      const personType = await t.request('POST', '/api/v1/users', { token: admin, body: { username: 'pt', displayName: 'x', agencyId: null, personType: 'intern' } });
      assertClientError(personType, 'validation_failed', /personType/);
    });

    test('a missing field is named', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'MISS' } });
      assertClientError(res, 'validation_failed', /name is required/);
    });

    test('very long strings are refused by length', async () => {
      const res = await t.request('POST', '/api/v1/users', { token: admin, body: { username: 'a'.repeat(65), displayName: 'x', agencyId: null, personType: 'employee' } });
      assertClientError(res, 'validation_failed', /username/);
      const q = await t.request('GET', `/api/v1/users?q=${'x'.repeat(200)}`, { token: admin });
      assertClientError(q, 'validation_failed', /q/);
    });

    test('SQL-looking strings are stored literally and harm nothing', async () => {
      const name = "Robert'); DROP TABLE users;--";
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'SQLI', name } });
      assert.equal(res.status, 201);
      assert.equal((await t.request('GET', `/api/v1/agencies/${res.body.id}`, { token: admin })).body.name, name);
      assert.equal((await t.request('GET', '/api/v1/users', { token: admin })).status, 200);
      const probe = await t.request('GET', `/api/v1/users?q=${encodeURIComponent("' OR 1=1 --")}`, { token: admin });
      assert.deepEqual(probe.body.items, []);
      const badId = await t.request('GET', `/api/v1/users/${encodeURIComponent("1' OR '1'='1")}`, { token: admin });
      assertClientError(badId, 'not_found');
    });

    test('a duplicate is a conflict that names the field', async () => {
      await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'DUP', name: 'x' } });
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'dup', name: 'y' } });
      assertClientError(res, 'already_exists', /code "DUP"/);
    });

    test('unknown routes, bad query values and bad paths', async () => {
      assertClientError(await t.request('GET', '/api/v1/nowhere', { token: admin }), 'route_not_found');
      assertClientError(await t.request('GET', '/api/v1/users?limit=0', { token: admin }), 'validation_failed', /limit/);
      assertClientError(await t.request('GET', '/api/v1/users?limit=abc', { token: admin }), 'validation_failed', /limit/);
      assertClientError(await t.request('GET', '/api/v1/users?bogus=1', { token: admin }), 'validation_failed', /bogus/);
      assertClientError(await t.request('DELETE', '/api/v1/sessions/not-a-hash', { token: admin }), 'validation_failed');
      assertClientError(await t.request('GET', '/api/v1/agencies/%E0%A4%A', { token: admin }), 'bad_request');
    });

    test('prototype pollution keys are refused', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, raw: '{"code":"PP","name":"x","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
      assert.ok(res.status >= 400 && res.status < 500);
      assert.equal(({} as Record<string, unknown>).admin, undefined);
    });

    test('a NUL character is refused on every backend, naming where it is', async () => {
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'NUL', name: 'a\u0000b' } });
      assertClientError(res, 'validation_failed', /body\.name contains a NUL/);
      const q = await t.request('GET', '/api/v1/users?q=a%00b', { token: admin });
      assertClientError(q, 'validation_failed', /query\.q/);
    });

    test('other control characters, zero-width and bidi controls in names are stored as given and returned intact', async () => {
      const name = 'Agency\u200b\u202e of \u0007 tests';
      const res = await t.request('POST', '/api/v1/agencies', { token: admin, body: { code: 'CTRL', name } });
      assert.equal(res.status, 201);
      assert.equal(res.body.name, name);
    });

    test('the server is still healthy after all of it', async () => {
      assert.equal((await t.request('GET', '/readyz')).status, 200);
    });
  });
}
