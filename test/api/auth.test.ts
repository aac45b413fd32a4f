import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

for (const backend of BACKENDS) {
  describe(`sign-in and sessions (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    before(async () => {
      t = await TestApp.start(backend, { loginMaxFailures: 3, loginLockoutMinutes: 15, loginRatePerMinute: 1000 });
      admin = await t.admin();
    });
    after(() => t.stop());

    test('first run creates exactly one system administrator with a one-time secret', async () => {
      assert.equal(await t.app.ensureAdmin(), null, 'a second start creates no second admin');
      const me = await t.request('GET', '/api/v1/session', { token: admin });
      assert.equal(me.status, 200);
      assert.ok(me.body.roles.some((r: { role: string }) => r.role === 'system_admin'));
      assert.equal(me.body.mustChangePassword, false);
    });

    test('a one-time secret allows only the password change until it is replaced', async () => {
      const created = await t.request('POST', '/api/v1/users', {
        token: admin, body: { username: 'newbie', displayName: 'New Bie', agencyId: null, personType: 'volunteer' },
      });
      assert.equal(created.status, 201);
      const signIn = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'newbie', password: created.body.oneTimeSecret, kind: 'bearer' } });
      assert.equal(signIn.body.mustChangePassword, true);
      const token = signIn.body.token;
      const blocked = await t.request('GET', '/api/v1/policy/current', { token });
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.error.code, 'password_change_required');
      const weak = await t.request('POST', '/api/v1/me/password', { token, body: { currentPassword: created.body.oneTimeSecret, newPassword: 'short' } });
      assert.equal(weak.body.error.code, 'weak_password');
      const ok = await t.request('POST', '/api/v1/me/password', { token, body: { currentPassword: created.body.oneTimeSecret, newPassword: 'a much longer passphrase' } });
      assert.equal(ok.status, 204);
      const noDevice = await t.request('GET', '/api/v1/policy/current', { token });
      assert.equal(noDevice.body.error.code, 'device_required', 'next the session proves its device');
      const enrolled = await t.request('POST', '/api/v1/me/device', { token, body: t.devices.for('newbie').enrollment(signIn.body.csrfToken) });
      assert.equal(enrolled.status, 200);
      assert.equal((await t.request('GET', '/api/v1/policy/current', { token })).status, 200);
      const old = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'newbie', password: created.body.oneTimeSecret } });
      assert.equal(old.body.error.code, 'invalid_credentials');
    });

    test('wrong password and unknown user get the same answer; both are audited', async () => {
      const a = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'wrong password' } });
      const b = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'nobody-here', password: 'wrong password' } });
      assert.equal(a.status, 401);
      assert.deepEqual([a.body.error.code, a.body.error.message], [b.body.error.code, b.body.error.message]);
      const entries = await t.app.store.audit.list({ action: 'auth.sign_in.failure', limit: 10 });
      assert.ok(entries.some((e) => (e.after as { reason: string }).reason === 'unknown_user'));
      assert.ok(entries.some((e) => (e.after as { reason: string }).reason === 'bad_password'));
      // The admin's counter starts again so that the lockout test below counts from zero.
      await t.signIn('admin', 'admin-correct-horse-battery');
    });

    test('repeated failures lock the account, even against the right password, until the lock expires', async () => {
      const { id } = await t.user(admin, { username: 'locky', agencyId: null });
      for (let i = 0; i < 3; i++) {
        const r = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'locky', password: `guess ${i}` } });
        assert.equal(r.body.error.code, 'invalid_credentials');
      }
      const locked = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'locky', password: 'locky-correct-horse-battery' } });
      assert.equal(locked.status, 423);
      assert.equal(locked.body.error.code, 'account_locked');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal((await t.app.store.audit.list({ action: 'auth.account_locked', targetId: id, limit: 5 })).length, 1);
      t.clock.advance(15 * 60_000 + 1);
      const ok = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'locky', password: 'locky-correct-horse-battery' } });
      assert.equal(ok.status, 200);
    });

    test('sign-in from one address is rate limited with retry-after', async () => {
      const limited = await TestApp.start(backend, { loginRatePerMinute: 3 });
      try {
        const codes = [];
        for (let i = 0; i < 5; i++) {
          codes.push((await limited.request('POST', '/api/v1/auth/sign-in', { body: { username: 'x', password: 'y' } })).status);
        }
        assert.deepEqual(codes, [401, 401, 401, 429, 429]);
        limited.clock.advance(60_000);
        assert.equal((await limited.request('POST', '/api/v1/auth/sign-in', { body: { username: 'x', password: 'y' } })).status, 401);
      } finally {
        await limited.stop();
      }
    });

    test('the cookie is HttpOnly, Secure and SameSite=Strict; cookie changes need the CSRF token', async () => {
      const res = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'admin-correct-horse-battery' } });
      const setCookie = String(res.headers['set-cookie']);
      assert.match(setCookie, /parley_session=prl_/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /Secure/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.equal(res.body.token, undefined, 'a cookie sign-in does not also hand out a bearer token');
      const cookie = setCookie.split(';')[0]!;
      const proof = t.devices.for('admin').enrollment(res.body.csrfToken);
      const enrollNoCsrf = await t.request('POST', '/api/v1/me/device', { headers: { cookie }, body: proof });
      assert.equal(enrollNoCsrf.body.error.code, 'csrf_failed', 'enrolling a device is a change like any other');
      assert.equal((await t.request('POST', '/api/v1/me/device', { headers: { cookie, 'x-csrf-token': res.body.csrfToken }, body: proof })).status, 200);
      const read = await t.request('GET', '/api/v1/agencies', { headers: { cookie } });
      assert.equal(read.status, 200, 'reads need no CSRF token');
      const noCsrf = await t.request('POST', '/api/v1/agencies', { headers: { cookie }, body: { code: 'CSRF1', name: 'x' } });
      assert.equal(noCsrf.body.error.code, 'csrf_failed');
      const wrongCsrf = await t.request('POST', '/api/v1/agencies', { headers: { cookie, 'x-csrf-token': 'nope' }, body: { code: 'CSRF1', name: 'x' } });
      assert.equal(wrongCsrf.body.error.code, 'csrf_failed');
      const foreign = await t.request('POST', '/api/v1/agencies', {
        headers: { cookie, 'x-csrf-token': res.body.csrfToken, origin: 'https://evil.example' }, body: { code: 'CSRF1', name: 'x' },
      });
      assert.equal(foreign.body.error.code, 'csrf_failed');
      const good = await t.request('POST', '/api/v1/agencies', { headers: { cookie, 'x-csrf-token': res.body.csrfToken }, body: { code: 'CSRF1', name: 'x' } });
      assert.equal(good.status, 201);
    });

    test('sessions expire when idle and at the absolute limit', async () => {
      const token = await t.signIn('admin', 'admin-correct-horse-battery');
      t.clock.advance(29 * 60_000);
      assert.equal((await t.request('GET', '/api/v1/session', { token })).status, 200, 'use slides the idle window');
      t.clock.advance(29 * 60_000);
      assert.equal((await t.request('GET', '/api/v1/session', { token })).status, 200);
      t.clock.advance(31 * 60_000);
      const idle = await t.request('GET', '/api/v1/session', { token });
      assert.equal(idle.status, 401);
      assert.match(idle.body.error.message, /expired/);

      const busy = await t.signIn('admin', 'admin-correct-horse-battery');
      for (let h = 0; h < 12 * 4; h++) {
        t.clock.advance(15 * 60_000);
        const r = await t.request('GET', '/api/v1/session', { token: busy });
        if (r.status === 401) {
          assert.ok(h >= 12 * 4 - 1, `expired early at step ${h}`);
          return;
        }
      }
      assert.fail('the session outlived its absolute lifetime');
    });

    test('sign-out and revocation end a session; others cannot see or end it', async () => {
      const mine = await t.signIn('admin', 'admin-correct-horse-battery');
      const { token: other } = await t.user(await t.signIn('admin', 'admin-correct-horse-battery'), { username: 'nosy', agencyId: null });
      const list = await t.request('GET', '/api/v1/me/sessions', { token: mine });
      const current = list.body.items.find((s: { current: boolean }) => s.current);
      assert.ok(current);
      assert.equal(current.csrfToken, undefined);
      const probe = await t.request('DELETE', `/api/v1/sessions/${current.id}`, { token: other });
      assert.equal(probe.status, 404);
      assert.equal((await t.request('GET', '/api/v1/session', { token: mine })).status, 200);
      assert.equal((await t.request('POST', '/api/v1/auth/sign-out', { token: mine })).status, 204);
      assert.equal((await t.request('GET', '/api/v1/session', { token: mine })).status, 401);
    });

    test('malformed tokens and headers are refused as unauthenticated', async () => {
      for (const authorization of ['Bearer', 'Basic abc', 'Bearer prl_short', `Bearer prl_${'A'.repeat(43)}`, 'Bearer ' + 'x'.repeat(5000)]) {
        const r = await t.request('GET', '/api/v1/session', { headers: { authorization } });
        assert.equal(r.status, 401, authorization.slice(0, 20));
        assert.equal(r.body.error.code, 'unauthenticated');
      }
    });
  });
}
