/**
 * Authorized devices (§5.3.8) over HTTP and WebSocket, on a deployment with
 * the real default: a security administrator approves each new device.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { TestDevice } from '../support/device.js';
import { WsClient } from '../support/ws-client.js';
import { runCli } from '../support/cli.js';

/** A State CA and certificates it issues for device keys, made by the openssl command line. */
class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'parley-ca-'));
  readonly pem: string;
  constructor() {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', this.#path('ca.key'),
      '-out', this.#path('ca.pem'), '-subj', '/CN=Test State CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'pipe' });
    this.pem = readFileSync(this.#path('ca.pem'), 'utf8');
  }
  #path = (name: string) => join(this.dir, name);
  /** A certificate for the device's own public key. */
  issue(device: TestDevice): string {
    writeFileSync(this.#path('dev.pub'), device.publicKeyPem());
    execFileSync('openssl', ['x509', '-new', '-force_pubkey', this.#path('dev.pub'), '-CA', this.#path('ca.pem'), '-CAkey', this.#path('ca.key'),
      '-subj', '/CN=device', '-days', '30', '-out', this.#path('dev.pem')], { stdio: 'pipe' });
    return readFileSync(this.#path('dev.pem'), 'utf8');
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

for (const backend of BACKENDS) {
  describe(`devices (${backend})`, () => {
    let t: TestApp;
    let url: string;
    let admin: string;
    let dot: string;
    let dhhr: string;
    let secDot: string;
    const sockets: WsClient[] = [];

    /** Signs in with a password only: the session has no device yet. */
    const signInBare = async (username: string) => {
      const r = await t.request('POST', '/api/v1/auth/sign-in', { body: { username, password: `${username}-correct-horse-battery`, kind: 'bearer' } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { token: r.body.token as string, csrf: r.body.csrfToken as string };
    };
    const enroll = (token: string, body: unknown) => t.request('POST', '/api/v1/me/device', { token, body });
    const connect = async (token: string) => {
      const c = await WsClient.connect(url);
      sockets.push(c);
      const reply = await c.request({ type: 'auth', token });
      return { c, reply };
    };

    before(async () => {
      // A long heartbeat: closing a revoked session's socket must not wait for it.
      t = await TestApp.start(backend, { deviceEnrollment: 'approval', heartbeatSeconds: 600, maxSessionsPerUser: 3 });
      // Certificates made by openssl are valid from the real now on.
      t.clock.t = Date.now();
      admin = await t.admin();
      await t.acknowledge(admin);
      dot = await t.agency(admin, 'DOT');
      dhhr = await t.agency(admin, 'DHHR');
      const sec = await t.user(admin, { username: 'sec-dot', agencyId: dot });
      assert.equal((await t.request('POST', `/api/v1/users/${sec.id}/roles`, { token: admin, body: { role: 'security_admin', agencyId: dot } })).status, 200);
      const secDevice = (await t.request('GET', '/api/v1/session', { token: sec.token })).body.device;
      assert.equal(secDevice.status, 'pending', 'only the first system administrator is trusted without a person');
      assert.equal((await t.request('POST', `/api/v1/devices/${secDevice.id}/approve`, { token: admin })).status, 200);
      secDot = sec.token;
      url = await t.listen();
    });
    after(async () => {
      for (const s of sockets) s.close();
      await t.stop();
    });

    test('the first system administrator\'s device is approved because nobody else could approve it', async () => {
      const session = await t.request('GET', '/api/v1/session', { token: admin });
      assert.equal(session.body.device.status, 'approved');
      assert.equal(session.body.device.method, 'bootstrap');
    });

    test('[AUTH-6] a new device waits for approval and can do nothing else; the session shows it; the socket is refused with 4004', async () => {
      const { id } = await t.user(admin, { username: 'ann', agencyId: dot });
      const { token, csrf } = await signInBare('ann');
      const before = await t.request('GET', '/api/v1/conversations', { token });
      assert.deepEqual([before.status, before.body.error.code], [403, 'device_required']);

      const device = new TestDevice();
      const enrolled = await enroll(token, device.enrollment(csrf, { name: 'Ann laptop' }));
      assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));
      assert.deepEqual([enrolled.body.status, enrolled.body.method, enrolled.body.name, enrolled.body.userId], ['pending', 'approval', 'Ann laptop', id]);
      assert.match(enrolled.body.fingerprint, /^[0-9a-f]{64}$/);

      for (const [method, path] of [['GET', '/api/v1/conversations'], ['GET', '/api/v1/me/devices'], ['GET', '/api/v1/policy/current']] as const) {
        const r = await t.request(method, path, { token });
        assert.deepEqual([r.status, r.body.error.code], [403, 'device_pending'], path);
        assert.equal(r.body.error.data.fingerprint, enrolled.body.fingerprint);
      }
      const session = await t.request('GET', '/api/v1/session', { token });
      assert.equal(session.body.device.status, 'pending', 'the waiting screen reads its state from the session');

      const { c, reply } = await connect(token);
      assert.equal(reply.code, 'device_pending');
      assert.equal((await c.closed).code, 4004);

      // The same key in the same session again is the same device, not a second one.
      assert.equal((await enroll(token, device.enrollment(csrf))).body.id, enrolled.body.id);
    });

    test('the agency\'s security administrator approves; the session then works, over HTTP and WebSocket', async () => {
      const { token, csrf } = await signInBare('ann');
      const device = new TestDevice();
      const mine = (await enroll(token, device.enrollment(csrf))).body;
      const pending = await t.request('GET', '/api/v1/devices?status=pending', { token: secDot });
      assert.equal(pending.status, 200);
      const listed = pending.body.items.find((d: { id: string }) => d.id === mine.id);
      assert.deepEqual(listed.owner, { username: 'ann', displayName: 'ann' });

      const approved = await t.request('POST', `/api/v1/devices/${mine.id}/approve`, { token: secDot });
      assert.deepEqual([approved.status, approved.body.status, approved.body.method], [200, 'approved', 'administrator']);
      assert.equal((await t.request('GET', '/api/v1/me/devices', { token })).status, 200);
      await t.acknowledge(token);
      const { reply } = await connect(token);
      assert.equal(reply.type, 'ready');

      const audit = await t.app.store.audit.list({ action: 'device.approve', limit: 10 });
      assert.ok(audit.some((e) => e.targetId === mine.id));
      assert.equal((await t.request('POST', `/api/v1/devices/${mine.id}/approve`, { token: secDot })).body.status, 'approved', 'approving twice is harmless');
    });

    test('scope: another agency\'s device is not found; an employee may not list devices; nobody approves their own', async () => {
      await t.user(admin, { username: 'hal', agencyId: dhhr });
      const hal = await signInBare('hal');
      const halDevice = (await enroll(hal.token, new TestDevice().enrollment(hal.csrf))).body;
      const other = await t.request('POST', `/api/v1/devices/${halDevice.id}/approve`, { token: secDot });
      assert.deepEqual([other.status, other.body.error.code], [404, 'not_found']);
      const listed = await t.request('GET', '/api/v1/devices?status=pending', { token: secDot });
      assert.ok(!listed.body.items.some((d: { id: string }) => d.id === halDevice.id), 'the list is scoped to the agency');
      const forbidden = await t.request('GET', `/api/v1/devices?agencyId=${dhhr}`, { token: secDot });
      assert.equal(forbidden.body.error.code, 'forbidden');

      const emp = await t.user(admin, { username: 'emp', agencyId: dot });
      await t.request('POST', `/api/v1/devices/${(await t.request('GET', '/api/v1/session', { token: emp.token })).body.device.id}/approve`, { token: secDot });
      assert.equal((await t.request('GET', '/api/v1/devices', { token: emp.token })).body.error.code, 'forbidden');

      // The security administrator's own second device needs someone else.
      const again = await signInBare('sec-dot');
      const own = (await enroll(again.token, new TestDevice().enrollment(again.csrf))).body;
      assert.equal(own.status, 'pending');
      const self = await t.request('POST', `/api/v1/devices/${own.id}/approve`, { token: secDot });
      assert.deepEqual([self.status, self.body.error.code], [403, 'forbidden']);
      assert.equal((await t.request('POST', `/api/v1/devices/${own.id}/approve`, { token: admin })).body.status, 'approved');
    });

    test('bad proofs are refused with a reason: another key, a replayed proof, malformed or unsupported keys', async () => {
      // A person of their own: with the limit of three live sessions, Ann's earlier ones would push these out.
      await t.user(admin, { username: 'bea', agencyId: dot });
      const { token, csrf } = await signInBare('bea');
      const device = new TestDevice();
      const stranger = new TestDevice();
      const wrongKey = await enroll(token, { publicKey: device.publicKey, signature: stranger.prove(csrf) });
      assert.deepEqual([wrongKey.status, wrongKey.body.error.code], [400, 'device_proof_invalid']);
      // A proof made for another session cannot be replayed into this one.
      const other = await signInBare('bea');
      const replay = await enroll(token, device.enrollment(other.csrf));
      assert.equal(replay.body.error.code, 'device_proof_invalid');

      const cases: [unknown, string][] = [
        [{ publicKey: 'not base64!', signature: 'AAAA' }, 'publicKey'],
        [{ publicKey: Buffer.from('garbage').toString('base64url'), signature: 'AAAA' }, 'publicKey'],
        [{ publicKey: device.publicKey, signature: '***' }, 'signature'],
      ];
      for (const [body, field] of cases) {
        const r = await enroll(token, body);
        assert.deepEqual([r.status, r.body.error.code, r.body.error.data.field], [400, 'validation_failed', field], JSON.stringify(body));
      }
      const { generateKeyPairSync } = await import('node:crypto');
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
      const unsupported = await enroll(token, { publicKey: rsa, signature: 'AAAA' });
      assert.match(unsupported.body.error.message, /P-256 or Ed25519/);
      const extra = await enroll(token, { ...device.enrollment(csrf), admin: true });
      assert.equal(extra.body.error.code, 'validation_failed', 'unknown fields are refused');

      // An Ed25519 key works too.
      const ed = new TestDevice('ed25519');
      assert.equal((await enroll(token, ed.enrollment(csrf))).status, 200);
      // Bound: the session cannot switch to another key.
      assert.equal((await enroll(token, device.enrollment(csrf))).body.error.code, 'conflict');
    });

    test('[SES-1] revoking a device closes its live socket within moments, ends its sessions, and the key never signs in again', async () => {
      const pat = await t.user(admin, { username: 'pat', agencyId: dot });
      const laptop = t.devices.for('pat');
      const me = await t.request('GET', '/api/v1/session', { token: pat.token });
      await t.request('POST', `/api/v1/devices/${me.body.device.id}/approve`, { token: secDot });
      await t.acknowledge(pat.token);
      const { c, reply } = await connect(pat.token);
      assert.equal(reply.type, 'ready');

      const revoked = await t.request('POST', `/api/v1/devices/${me.body.device.id}/revoke`, { token: secDot, body: { reason: 'reported stolen' } });
      assert.deepEqual([revoked.status, revoked.body.status, revoked.body.revokedReason], [200, 'revoked', 'reported stolen']);
      // The heartbeat is ten minutes: only the revocation itself can close the socket this soon.
      const closed = await Promise.race([c.closed, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
      assert.deepEqual(closed, { code: 4003, reason: 'device_revoked' });
      assert.equal((await t.request('GET', '/api/v1/session', { token: pat.token })).status, 401);

      const again = await signInBare('pat');
      const refused = await enroll(again.token, laptop.enrollment(again.csrf));
      assert.deepEqual([refused.status, refused.body.error.code], [403, 'device_revoked']);
      assert.equal((await t.request('GET', '/api/v1/session', { token: again.token })).status, 401, 'the session on a revoked key ends');
      assert.equal((await t.request('POST', `/api/v1/devices/${me.body.device.id}/approve`, { token: secDot })).body.error.code, 'conflict');

      const noReason = await t.request('POST', `/api/v1/devices/${me.body.device.id}/revoke`, { token: secDot, body: {} });
      assert.equal(noReason.body.error.code, 'validation_failed');
      const entries = await t.app.store.audit.list({ action: 'device.revoke', limit: 10 });
      assert.ok(entries.some((e) => e.targetId === me.body.device.id && (e.after as { sessionsEnded: number }).sessionsEnded === 1));
    });

    test('a person revokes their own lost device; the sessions on it end', async () => {
      const ned = await t.user(admin, { username: 'ned', agencyId: dot });
      const first = (await t.request('GET', '/api/v1/session', { token: ned.token })).body.device;
      await t.request('POST', `/api/v1/devices/${first.id}/approve`, { token: secDot });
      const phone = await signInBare('ned');
      const phoneDevice = (await enroll(phone.token, new TestDevice().enrollment(phone.csrf))).body;
      await t.request('POST', `/api/v1/devices/${phoneDevice.id}/approve`, { token: secDot });
      const r = await t.request('POST', `/api/v1/devices/${phoneDevice.id}/revoke`, { token: ned.token, body: { reason: 'lost on the bus' } });
      assert.equal(r.body.status, 'revoked');
      assert.equal((await t.request('GET', '/api/v1/session', { token: phone.token })).status, 401);
      assert.equal((await t.request('GET', '/api/v1/session', { token: ned.token })).status, 200, 'the other device is untouched');
      // Someone else's device: not found, so ids cannot be probed.
      const adminDevice = (await t.request('GET', '/api/v1/session', { token: admin })).body.device.id;
      const probe = await t.request('POST', `/api/v1/devices/${adminDevice}/revoke`, { token: ned.token, body: { reason: 'xxx' } });
      assert.deepEqual([probe.status, probe.body.error.code], [404, 'not_found']);
      assert.equal((await t.request('GET', `/api/v1/devices/${adminDevice}`, { token: ned.token })).status, 404);
    });

    test('enrollment from a listed network is approved at once; bad networks are named', async () => {
      const bad = await t.request('PUT', `/api/v1/device-enrollment/${dhhr}`, { token: admin, body: { mode: 'approval', networks: ['10.0.0.0/33'], caCertificates: [] } });
      assert.deepEqual([bad.status, bad.body.error.data.field], [400, 'networks']);
      assert.match(bad.body.error.message, /10\.0\.0\.0\/33/);
      const set = await t.request('PUT', `/api/v1/device-enrollment/${dhhr}`, { token: admin, body: { mode: 'approval', networks: ['127.0.0.0/8', '2001:db8::/32'], caCertificates: [] } });
      assert.deepEqual([set.status, set.body.own, set.body.networks], [200, true, ['127.0.0.0/8', '2001:db8::/32']]);
      assert.equal((await t.request('GET', `/api/v1/device-enrollment/${dhhr}`, { token: secDot })).body.error.code, 'forbidden');
      assert.equal((await t.request('GET', `/api/v1/device-enrollment/${dot}`, { token: secDot })).body.own, false);

      await t.user(admin, { username: 'net', agencyId: dhhr });
      const s = await signInBare('net');
      const d = (await enroll(s.token, new TestDevice().enrollment(s.csrf))).body;
      assert.deepEqual([d.status, d.method], ['approved', 'network'], 'test requests come from 127.0.0.1');
    });

    test('a certificate from the State CA for the device\'s own key approves it; one for another key does not', async () => {
      const ca = new TestCa();
      try {
        // The test clock stands still; the certificates begin at the real now.
        t.clock.t = Math.max(t.clock.t, Date.now() + 1000);
        const leaf = ca.issue(new TestDevice());
        const notCa = await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'approval', networks: [], caCertificates: [leaf] } });
        assert.deepEqual([notCa.status, notCa.body.error.data.field], [400, 'caCertificates']);
        const junk = await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'approval', networks: [], caCertificates: ['not a pem'] } });
        assert.equal(junk.body.error.code, 'validation_failed');
        assert.equal((await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'approval', networks: [], caCertificates: [ca.pem] } })).status, 200);

        await t.user(admin, { username: 'cert', agencyId: dot });
        const s1 = await signInBare('cert');
        const borrowed = await enroll(s1.token, new TestDevice().enrollment(s1.csrf, { certificate: leaf }));
        assert.equal(borrowed.body.status, 'pending', 'a certificate for another key vouches for nothing');
        const s2 = await signInBare('cert');
        const device = new TestDevice();
        const good = await enroll(s2.token, device.enrollment(s2.csrf, { certificate: ca.issue(device) }));
        assert.deepEqual([good.body.status, good.body.method], ['approved', 'certificate']);
        const s3 = await signInBare('cert');
        const garbage = await enroll(s3.token, new TestDevice().enrollment(s3.csrf, { certificate: 'garbage' }));
        assert.deepEqual([garbage.status, garbage.body.error.data.field], [400, 'certificate']);
      } finally {
        await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'approval', networks: [], caCertificates: [] } });
        ca.remove();
      }
    });

    test('open enrollment approves at once; the statewide default is for system-wide administrators only', async () => {
      assert.equal((await t.request('PUT', '/api/v1/device-enrollment/*', { token: secDot, body: { mode: 'open', networks: [], caCertificates: [] } })).body.error.code, 'forbidden');
      assert.equal((await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'open', networks: [], caCertificates: [] } })).status, 200);
      await t.user(admin, { username: 'ola', agencyId: dot });
      const s = await signInBare('ola');
      const d = (await enroll(s.token, new TestDevice().enrollment(s.csrf))).body;
      assert.deepEqual([d.status, d.method], ['approved', 'open']);
      assert.equal((await t.request('PUT', '/api/v1/device-enrollment/nope', { token: admin, body: { mode: 'open', networks: [], caCertificates: [] } })).status, 404);
      await t.request('PUT', `/api/v1/device-enrollment/${dot}`, { token: secDot, body: { mode: 'approval', networks: [], caCertificates: [] } });
    });

    test('the operator lists pending devices and approves one from the command line; bad ids are refused', async () => {
      await t.user(admin, { username: 'opa', agencyId: dhhr });
      const s = await signInBare('opa');
      await t.request('PUT', `/api/v1/device-enrollment/${dhhr}`, { token: admin, body: { mode: 'approval', networks: [], caCertificates: [] } });
      const d = (await enroll(s.token, new TestDevice().enrollment(s.csrf, { name: 'Opa desktop' }))).body;
      assert.equal(d.status, 'pending');
      const listed = await runCli(t, {}, 'devices', 'pending');
      assert.equal(listed.code, 0);
      const row = listed.out.split('\n').find((l) => l.startsWith(d.id));
      assert.deepEqual(row?.split('\t').slice(0, 3), [d.id, 'opa', d.fingerprint.slice(0, 16)]);
      const approved = await runCli(t, {}, 'devices', 'approve', d.id);
      assert.equal(approved.code, 0, approved.err);
      assert.equal((await t.request('GET', '/api/v1/session', { token: s.token })).body.device.status, 'approved');
      const again = await runCli(t, {}, 'devices', 'approve', d.id);
      assert.deepEqual([again.code, /not pending/.test(again.err)], [1, true]);
      assert.equal((await runCli(t, {}, 'devices', 'approve', 'no-such-id')).code, 1);
      assert.equal((await runCli(t, {}, 'devices', 'approve')).code, 2);
      const entry = (await t.app.store.audit.list({ action: 'device.approve', limit: 5 })).find((e) => e.targetId === d.id);
      assert.equal(entry?.actorLabel, 'operator (parley devices approve)');
    });

    test('beyond the session limit, signing in ends the least recently used session and closes its socket', async () => {
      const lim = await t.user(admin, { username: 'lim', agencyId: dot });
      await t.request('POST', `/api/v1/devices/${(await t.request('GET', '/api/v1/session', { token: lim.token })).body.device.id}/approve`, { token: secDot });
      await t.acknowledge(lim.token);
      const { c } = await connect(lim.token);
      t.clock.advance(61_000);
      const second = await t.signIn('lim', 'lim-correct-horse-battery');
      t.clock.advance(61_000);
      await t.request('GET', '/api/v1/session', { token: second });
      await t.signIn('lim', 'lim-correct-horse-battery'); // the third: the limit is 3 live sessions
      assert.equal((await t.request('GET', '/api/v1/session', { token: lim.token })).status, 200);
      await t.signIn('lim', 'lim-correct-horse-battery'); // the fourth pushes out the least recently used: the first
      assert.equal((await t.request('GET', '/api/v1/session', { token: lim.token })).status, 401);
      assert.equal((await t.request('GET', '/api/v1/session', { token: second })).status, 200);
      assert.deepEqual(await c.closed, { code: 4003, reason: 'session_limit' });
      const mine = await t.request('GET', '/api/v1/me/sessions', { token: second });
      assert.equal(mine.body.items.filter((s: { active: boolean }) => s.active).length, 3);
    });
  });
}
