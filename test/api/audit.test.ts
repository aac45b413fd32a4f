/** The audit log end to end: what is recorded, who reads it, and tampering caught by API and CLI. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, rawExec } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';

const cli = (t: TestApp, ...argv: string[]) => runCli(t, {}, ...argv);

for (const backend of BACKENDS) {
  describe(`audit log (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let auditor: string;
    let agency: string;
    before(async () => {
      t = await TestApp.start(backend);
      admin = await t.admin();
      agency = await t.agency(admin, 'AUD');
      const a = await t.user(admin, { username: 'auditor1', agencyId: agency });
      await t.request('POST', `/api/v1/users/${a.id}/roles`, { token: admin, body: { role: 'auditor', agencyId: null } });
      auditor = a.token;
    });
    after(() => t.stop());

    test('a change records actor, target, action, before and after values, time and request id', async () => {
      const u = await t.user(admin, { username: 'renamed', agencyId: agency });
      const res = await t.request('PATCH', `/api/v1/users/${u.id}`, { token: admin, body: { displayName: 'New Name' }, headers: { 'x-request-id': 'req-rename-0001' } });
      assert.equal(res.status, 200);
      const list = await t.request('GET', `/api/v1/audit?action=user.update&targetId=${u.id}`, { token: auditor });
      assert.equal(list.status, 200);
      const [e] = list.body.items;
      assert.equal(e.actorLabel, 'admin');
      assert.equal(e.targetType, 'user');
      assert.equal(e.agencyId, agency);
      assert.deepEqual(e.before, { displayName: 'renamed' });
      assert.deepEqual(e.after, { displayName: 'New Name' });
      assert.equal(e.requestId, 'req-rename-0001');
      assert.equal(e.at, t.clock.now());
      assert.match(e.hash, /^[0-9a-f]{64}$/);
    });

    test('sign-ins, role changes and acknowledgements are all in the log', async () => {
      await t.acknowledge(auditor);
      const actions = new Set((await t.request('GET', '/api/v1/audit?limit=1000', { token: auditor })).body.items.map((e: { action: string }) => e.action));
      for (const a of ['auth.sign_in.success', 'user.create', 'user.role.grant', 'agency.create', 'policy.publish', 'auth.password.change', 'policy.acknowledge']) {
        assert.ok(actions.has(a), `missing ${a}`);
      }
    });

    test('paging newest first with before= returns every entry once', async () => {
      const all = (await t.request('GET', '/api/v1/audit?limit=1000', { token: auditor })).body.items.map((e: { seq: number }) => e.seq);
      const paged: number[] = [];
      let url = '/api/v1/audit?limit=4';
      for (;;) {
        const r = await t.request('GET', url, { token: auditor });
        paged.push(...r.body.items.map((e: { seq: number }) => e.seq));
        if (r.body.next === undefined) break;
        url = `/api/v1/audit?limit=4&before=${r.body.next}`;
      }
      assert.deepEqual(paged, all);
    });

    test('the chain verifies through the API and the CLI', async () => {
      const api = await t.request('POST', '/api/v1/audit/verify', { token: auditor });
      assert.equal(api.body.ok, true);
      assert.ok(api.body.checked > 10);
      const r = await cli(t, 'audit', 'verify');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /audit log OK/);
    });

    test('editing one row in the database is caught at that row', async () => {
      const target = (await t.request('GET', '/api/v1/audit?action=user.update', { token: auditor })).body.items[0];
      await rawExec(t.db, `UPDATE audit_log SET after_json = '{"displayName":"Innocent"}' WHERE seq = ${target.seq}`);
      const r = await cli(t, 'audit', 'verify', '--json');
      assert.equal(r.code, 1);
      const result = JSON.parse(r.out);
      assert.equal(result.ok, false);
      assert.equal(result.firstBreak.seq, target.seq);
      assert.equal(result.firstBreak.problem, 'altered');
      const api = await t.request('POST', '/api/v1/audit/verify', { token: auditor });
      assert.equal(api.body.firstBreak.seq, target.seq);
    });
  });

  describe(`audit log deletions and reordering (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    before(async () => {
      t = await TestApp.start(backend);
      admin = await t.admin();
      for (let i = 0; i < 5; i++) await t.agency(admin, `DEL${i}`);
    });
    after(() => t.stop());

    test('a row deleted from the middle is reported as deleted at its sequence', async () => {
      assert.equal((await cli(t, 'audit', 'verify')).code, 0);
      await rawExec(t.db, 'DELETE FROM audit_log WHERE seq = 3');
      const r = await cli(t, 'audit', 'verify', '--json');
      assert.deepEqual([r.code, JSON.parse(r.out).firstBreak.seq, JSON.parse(r.out).firstBreak.problem], [1, 3, 'deleted']);
    });

    test('swapped sequence numbers are reported at the first swapped row', async () => {
      const fresh = await TestApp.start(backend);
      try {
        const a = await fresh.admin();
        for (let i = 0; i < 4; i++) await fresh.agency(a, `SW${i}`);
        await rawExec(fresh.db, 'UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -1');
        const r = await cli(fresh, 'audit', 'verify', '--json');
        assert.equal(r.code, 1);
        assert.equal(JSON.parse(r.out).firstBreak.seq, 4);
      } finally {
        await fresh.stop();
      }
    });

    test('a deleted tail is caught by the recorded head', async () => {
      const fresh = await TestApp.start(backend);
      try {
        const a = await fresh.admin();
        await fresh.agency(a, 'TAIL');
        const head = await fresh.app.store.audit.head();
        await rawExec(fresh.db, `DELETE FROM audit_log WHERE seq = ${head.seq}`);
        const r = await cli(fresh, 'audit', 'verify', '--json');
        assert.equal(r.code, 1);
        assert.equal(JSON.parse(r.out).firstBreak.problem, 'truncated');
      } finally {
        await fresh.stop();
      }
    });
  });
}

describe('CLI', () => {
  test('admin create makes a working administrator; bad arguments exit 2 with a message', async () => {
    const t = await TestApp.start(BACKENDS[0] ?? 'sqlite');
    try {
      const r = await cli(t, 'admin', 'create', '--username', 'ops-admin');
      assert.equal(r.code, 0, r.err);
      const secret = /one-time secret: (\S+)/.exec(r.out)?.[1];
      assert.ok(secret);
      const token = await t.signIn('ops-admin', secret);
      const me = await t.request('GET', '/api/v1/session', { token });
      assert.ok(me.body.roles.some((x: { role: string }) => x.role === 'system_admin'));
      const dup = await cli(t, 'admin', 'create', '--username', 'ops-admin');
      assert.equal(dup.code, 1);
      assert.match(dup.err, /already taken/);
      const bad = await cli(t, 'admin', 'create', '--username', '../../etc');
      assert.equal(bad.code, 2);
      const unknownFlag = await cli(t, 'admin', 'create', '--nope');
      assert.equal(unknownFlag.code, 2);
      assert.match(unknownFlag.err, /nope/);
      const unknown = await cli(t, 'frobnicate');
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /unknown command/);
    } finally {
      await t.stop();
    }
  });
});
