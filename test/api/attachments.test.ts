/** Attachments (§5.3.7): limits before reading, quota, sniffed types, members-only download. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);

for (const backend of BACKENDS) {
  describe(`attachments (${backend})`, () => {
    let t: TestApp;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let carol: { id: string; token: string };
    let group: string;
    const upload = (token: string, name: string, body: Buffer | string, headers: Record<string, string> = {}) =>
      t.request('POST', `/api/v1/attachments?name=${encodeURIComponent(name)}`, { token, raw: body, headers: { 'content-type': 'application/octet-stream', ...headers } });

    before(async () => {
      t = await TestApp.start(backend, { attachmentMaxBytes: 1024, attachmentDailyQuotaBytes: 2000 });
      const admin = await t.admin();
      alice = await t.user(admin, { username: 'alice', agencyId: null });
      bob = await t.user(admin, { username: 'bob', agencyId: null });
      carol = await t.user(admin, { username: 'carol', agencyId: null });
      for (const u of [alice, bob, carol]) await t.acknowledge(u.token);
      group = (await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'group', memberIds: [bob.id] } })).body.id;
    });
    after(() => t.stop());

    test('an upload is stored by its SHA-256 with the type sniffed from its bytes, not its name', async () => {
      const r = await upload(alice.token, '../../etc/report.txt', PNG);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.contentType, 'image/png');
      assert.equal(r.body.name, 'report.txt');
      assert.match(r.body.sha256, /^[0-9a-f]{64}$/);
      assert.equal(r.body.size, PNG.length);
    });

    test('only members download; the uploader may before sending; a deleted message takes it away', async () => {
      const up = await upload(alice.token, 'chart.png', PNG);
      assert.equal((await t.request('GET', `/api/v1/attachments/${up.body.id}`, { token: alice.token })).status, 200);
      assert.equal((await t.request('GET', `/api/v1/attachments/${up.body.id}`, { token: bob.token })).status, 404, 'not sent yet');
      const sent = await t.request('POST', `/api/v1/conversations/${group}/messages`, { token: alice.token, body: { clientId: 'att-1', body: 'see chart', attachmentIds: [up.body.id] } });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.event.attachments[0].id, up.body.id);
      const got = await t.request('GET', `/api/v1/attachments/${up.body.id}`, { token: bob.token });
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'image/png');
      assert.match(String(got.headers['content-disposition']), /^attachment; filename="chart.png"/);
      assert.equal((await t.request('GET', `/api/v1/attachments/${up.body.id}`, { token: carol.token })).status, 404);
      const again = await t.request('POST', `/api/v1/conversations/${group}/messages`, { token: alice.token, body: { clientId: 'att-2', body: 'again', attachmentIds: [up.body.id] } });
      assert.equal(again.body.error.code, 'conflict');
      const stolen = await upload(bob.token, 'x.png', PNG);
      const theft = await t.request('POST', `/api/v1/conversations/${group}/messages`, { token: alice.token, body: { clientId: 'att-3', body: 'mine now', attachmentIds: [stolen.body.id] } });
      assert.equal(theft.body.error.code, 'not_found');
      await t.request('DELETE', `/api/v1/conversations/${group}/messages/${sent.body.event.id}?clientId=att-del`, { token: alice.token });
      assert.equal((await t.request('GET', `/api/v1/attachments/${up.body.id}`, { token: bob.token })).status, 404);
    });

    test('programs are refused whatever their name', async () => {
      const r = await upload(alice.token, 'notes.txt', ELF);
      assert.equal(r.status, 415);
      assert.equal(r.body.error.code, 'attachment_refused');
    });

    test('an upload over the limit is refused from its Content-Length before the body is read', async () => {
      const url = await t.listen();
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${url}/api/v1/attachments?name=big.bin`, {
          method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/octet-stream', 'content-length': String(50 * 1024 * 1024) },
        }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.write(Buffer.alloc(16)); // 16 bytes of a declared 50 MiB: the answer must not wait for the rest
      });
      assert.equal(status, 413);
      const parsed = JSON.parse(body);
      assert.equal(parsed.error.code, 'payload_too_large');
      assert.equal(parsed.error.data.limitBytes, 1024);
      assert.match(parsed.error.message, /limit is 1024 bytes/);
    });

    test('an upload without Content-Length is refused', async () => {
      const url = await t.listen();
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${url}/api/v1/attachments?name=chunked.bin`, {
          method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
        }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end('abc');
      });
      assert.equal(status, 411);
    });

    test('the daily quota is enforced and stated', async () => {
      // Earlier tests used part of the 2000-byte quota; a 1000-byte file now passes it.
      const r = await upload(carol.token, 'a.txt', 'a'.repeat(1000));
      assert.equal(r.status, 201);
      const r2 = await upload(carol.token, 'b.txt', 'b'.repeat(1000));
      assert.equal(r2.status, 201);
      const over = await upload(carol.token, 'c.txt', 'c'.repeat(10));
      assert.equal(over.status, 429);
      assert.equal(over.body.error.code, 'quota_exceeded');
      assert.equal(over.body.error.data.quotaBytes, 2000);
      t.clock.advance(86_400_000);
      const fresh = await t.signIn('carol', 'carol-correct-horse-battery');
      assert.equal((await upload(fresh, 'd.txt', 'd'.repeat(10))).status, 201, 'a new day, a new quota');
    });
  });
}
