/**
 * The authorization matrix: every role against every guarded operation. Each
 * row names who must be allowed; everyone else must be refused. Staff roles
 * are scoped to agency A, so operations on agency B test the scope too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { ROLES, type Role } from '../../src/domain/roles.js';

type Op = (t: TestApp, token: string, env: Env) => Promise<number>;
interface Env {
  agencyA: string;
  agencyB: string;
  userA: string;
  userB: string;
  admin: string;
}

let counter = 0;
const fresh = () => `m${++counter}`;

const OPS: Record<string, { allowed: Role[]; run: Op }> = {
  'create an agency': {
    allowed: ['system_admin'],
    run: async (t, token) => (await t.request('POST', '/api/v1/agencies', { token, body: { code: fresh(), name: 'x' } })).status,
  },
  'create a user in own agency': {
    allowed: ['agency_admin', 'system_admin'],
    run: async (t, token, e) => (await t.request('POST', '/api/v1/users', { token, body: { username: fresh(), displayName: 'x', agencyId: e.agencyA, personType: 'contractor' } })).status,
  },
  'create a user in another agency': {
    allowed: ['system_admin'],
    run: async (t, token, e) => (await t.request('POST', '/api/v1/users', { token, body: { username: fresh(), displayName: 'x', agencyId: e.agencyB, personType: 'employee' } })).status,
  },
  'list users': {
    allowed: ['agency_admin', 'compliance_reviewer', 'records_officer', 'security_admin', 'auditor', 'system_admin'],
    run: async (t, token) => (await t.request('GET', '/api/v1/users', { token })).status,
  },
  'read a user of another agency': {
    allowed: ['system_admin'],
    run: async (t, token, e) => (await t.request('GET', `/api/v1/users/${e.userB}`, { token })).status,
  },
  'suspend a user of own agency': {
    allowed: ['agency_admin', 'security_admin', 'system_admin'],
    run: async (t, token, e) => {
      const target = await t.user(e.admin, { username: fresh(), agencyId: e.agencyA });
      return (await t.request('POST', `/api/v1/users/${target.id}/status`, { token, body: { status: 'suspended', reason: 'matrix' } })).status;
    },
  },
  'edit a user of own agency': {
    allowed: ['agency_admin', 'system_admin'],
    run: async (t, token, e) => (await t.request('PATCH', `/api/v1/users/${e.userA}`, { token, body: { displayName: fresh() } })).status,
  },
  'grant a role': {
    allowed: ['system_admin'],
    run: async (t, token, e) => {
      const target = await t.user(e.admin, { username: fresh(), agencyId: e.agencyA });
      return (await t.request('POST', `/api/v1/users/${target.id}/roles`, { token, body: { role: 'auditor', agencyId: e.agencyA } })).status;
    },
  },
  'publish a policy version': {
    allowed: ['system_admin'],
    run: async (t, token) => {
      const current = await t.request('GET', '/api/v1/policy/current', { token: await adminToken(t) });
      const full = await t.request('GET', `/api/v1/policy/versions/${current.body.policy.id}`, { token: await adminToken(t) });
      const source = full.body.source.replace(/^version: .*$/m, `version: "1.0.${++counter}"`);
      return (await t.request('POST', '/api/v1/policy/versions', { token, body: { source } })).status;
    },
  },
  'list policy versions': {
    allowed: ['agency_admin', 'compliance_reviewer', 'records_officer', 'auditor', 'system_admin'],
    run: async (t, token) => (await t.request('GET', '/api/v1/policy/versions', { token })).status,
  },
  'read the audit log': {
    allowed: ['auditor'],
    run: async (t, token) => (await t.request('GET', '/api/v1/audit', { token })).status,
  },
  'verify the audit log': {
    allowed: ['auditor', 'system_admin'],
    run: async (t, token) => (await t.request('POST', '/api/v1/audit/verify', { token })).status,
  },
  'list sessions of a user of own agency': {
    allowed: ['security_admin', 'system_admin'],
    run: async (t, token, e) => (await t.request('GET', `/api/v1/users/${e.userA}/sessions`, { token })).status,
  },
  'reset a password in own agency': {
    allowed: ['agency_admin', 'system_admin'],
    run: async (t, token, e) => {
      const target = await t.user(e.admin, { username: fresh(), agencyId: e.agencyA });
      return (await t.request('POST', `/api/v1/users/${target.id}/password-reset`, { token })).status;
    },
  },
};

let adminTok = '';
const adminToken = async (_t: TestApp) => adminTok;

for (const backend of BACKENDS) {
  describe(`authorization matrix (${backend})`, () => {
    let t: TestApp;
    let env: Env;
    const tokens = new Map<Role, string>();
    before(async () => {
      t = await TestApp.start(backend);
      const admin = await t.admin();
      adminTok = admin;
      const agencyA = await t.agency(admin, 'AAA');
      const agencyB = await t.agency(admin, 'BBB');
      const userA = (await t.user(admin, { username: 'target-a', agencyId: agencyA })).id;
      const userB = (await t.user(admin, { username: 'target-b', agencyId: agencyB })).id;
      env = { agencyA, agencyB, userA, userB, admin };
      for (const role of ROLES) {
        const u = await t.user(admin, { username: `holder-${role.replace(/_/g, '-')}`, agencyId: agencyA });
        if (role !== 'employee') {
          const scope = role === 'system_admin' ? null : agencyA;
          const g = await t.request('POST', `/api/v1/users/${u.id}/roles`, { token: admin, body: { role, agencyId: scope } });
          assert.equal(g.status, 200, JSON.stringify(g.body));
        }
        tokens.set(role, u.token);
      }
    });
    after(() => t.stop());

    for (const [name, op] of Object.entries(OPS)) {
      test(`${name}: allowed for ${op.allowed.join(', ')}; refused for every other role`, async () => {
        for (const role of ROLES) {
          const status = await op.run(t, tokens.get(role)!, env);
          if (op.allowed.includes(role)) assert.ok(status >= 200 && status < 300, `${role} should be allowed to ${name}, got ${status}`);
          else assert.ok(status === 403 || status === 404, `${role} must not ${name}, got ${status}`);
        }
      });
    }

    test('nobody changes their own roles or status, not even a system administrator', async () => {
      const me = await t.request('GET', '/api/v1/session', { token: env.admin });
      const id = me.body.user.id;
      const role = await t.request('POST', `/api/v1/users/${id}/roles`, { token: env.admin, body: { role: 'auditor', agencyId: null } });
      assert.equal(role.status, 403);
      const status = await t.request('POST', `/api/v1/users/${id}/status`, { token: env.admin, body: { status: 'suspended', reason: 'x' } });
      assert.equal(status.status, 403);
    });

    test('system_admin cannot be granted over a single agency', async () => {
      const r = await t.request('POST', `/api/v1/users/${env.userA}/roles`, { token: env.admin, body: { role: 'system_admin', agencyId: env.agencyA } });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.data.field, 'agencyId');
    });

    test('scoped staff list only their own agency', async () => {
      const r = await t.request('GET', '/api/v1/users?limit=500', { token: tokens.get('agency_admin')! });
      assert.ok(r.body.items.length > 0);
      assert.ok(r.body.items.every((u: { agencyId: string }) => u.agencyId === env.agencyA));
      const other = await t.request('GET', `/api/v1/users?agencyId=${env.agencyB}`, { token: tokens.get('agency_admin')! });
      assert.deepEqual(other.body.items, []);
      const agencies = await t.request('GET', '/api/v1/agencies', { token: tokens.get('employee')! });
      assert.deepEqual(agencies.body.items.map((a: { id: string }) => a.id), [env.agencyA]);
    });
  });
}
