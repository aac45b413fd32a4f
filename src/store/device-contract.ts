/**
 * The devices part of the store contract (§5.3.8): devices, their decisions,
 * sessions bound to them, enrollment policies. Every backend runs it
 * (src/store/sql/device-*.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionRecord, Store } from './store.js';
import { isStoreError } from './errors.js';
import type { StoreHarness } from './contract.js';
import type { User } from '../domain/directory.js';
import type { Device } from '../domain/devices.js';

const T0 = Date.UTC(2026, 0, 1);
const user = (id: string, agencyId: string | null): User => ({
  id, username: id, displayName: id, email: null, agencyId, personType: 'employee', status: 'active', createdAt: T0, updatedAt: T0,
});
const device = (id: string, userId: string, agencyId: string | null, extra: Partial<Device> = {}): Device => ({
  id, userId, agencyId, fingerprint: `fp-${id}`, publicKey: `key-${id}`, name: id, userAgent: null, status: 'pending', method: 'approval',
  firstSeenAt: T0, lastSeenAt: T0, addresses: ['10.0.0.1'], decidedBy: null, decidedAt: null, revokedReason: null, ...extra,
});
const session = (id: string, userId: string): SessionRecord => ({
  id: id.padEnd(64, '0'), userId, kind: 'bearer', csrfToken: 'c', createdAt: T0, lastSeenAt: T0, idleExpiresAt: T0 + 1e6, expiresAt: T0 + 1e7,
  revokedAt: null, revokedReason: null, ip: null, userAgent: null, deviceId: null,
});

export function deviceContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`device store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    before(async () => {
      h = await harness();
      store = await h.open();
      await store.agencies.insert({ id: 'ag1', code: 'A1', name: 'One', createdAt: T0 });
      await store.agencies.insert({ id: 'ag2', code: 'A2', name: 'Two', createdAt: T0 });
      for (const [id, ag] of [['u1', 'ag1'], ['u2', 'ag2'], ['u3', null]] as const) await store.users.insert(user(id, ag));
    });
    after(async () => {
      await store.close();
      await h.drop();
    });

    test('devices round-trip; one fingerprint per person', async () => {
      const d = device('d1', 'u1', 'ag1');
      await store.devices.insert(d);
      assert.deepEqual(await store.devices.get('d1'), d);
      assert.deepEqual(await store.devices.getByFingerprint('u1', 'fp-d1'), d);
      assert.equal(await store.devices.getByFingerprint('u2', 'fp-d1'), null);
      await assert.rejects(store.devices.insert(device('d1b', 'u1', 'ag1', { fingerprint: 'fp-d1' })), (e: unknown) => isStoreError(e, 'unique_violation'));
      // The same key for another person is another device.
      await store.devices.insert(device('d1c', 'u2', 'ag2', { fingerprint: 'fp-d1' }));
      await store.devices.touch('d1', T0 + 5, ['10.0.0.2', '10.0.0.1']);
      const touched = await store.devices.get('d1');
      assert.deepEqual([touched?.lastSeenAt, touched?.addresses], [T0 + 5, ['10.0.0.2', '10.0.0.1']]);
    });

    test('decide moves only from the expected states, once', async () => {
      await store.devices.insert(device('d2', 'u2', 'ag2'));
      assert.equal(await store.devices.decide('d2', ['pending'], 'approved', 'u1', T0 + 1, null), true);
      assert.equal(await store.devices.decide('d2', ['pending'], 'approved', 'u1', T0 + 2, null), false);
      const approved = await store.devices.get('d2');
      assert.deepEqual([approved?.status, approved?.method, approved?.decidedBy, approved?.decidedAt], ['approved', 'administrator', 'u1', T0 + 1]);
      assert.equal(await store.devices.decide('d2', ['pending', 'approved'], 'revoked', 'u1', T0 + 3, 'lost'), true);
      const revoked = await store.devices.get('d2');
      assert.deepEqual([revoked?.status, revoked?.revokedReason], ['revoked', 'lost']);
      assert.equal(await store.devices.decide('d2', ['pending', 'approved'], 'revoked', 'u1', T0 + 4, 'again'), false);
    });

    test('list filters by status, person and agency scope, and pages newest first', async () => {
      for (let i = 0; i < 5; i++) await store.devices.insert(device(`p${i}`, 'u3', null, { fingerprint: `fp-p${i}`, firstSeenAt: T0 + 100 + i }));
      const page1 = await store.devices.list({ userId: 'u3', limit: 3 });
      assert.deepEqual(page1.map((d) => d.id), ['p4', 'p3', 'p2']);
      const last = page1.at(-1)!;
      const page2 = await store.devices.list({ userId: 'u3', limit: 3, before: { firstSeenAt: last.firstSeenAt, id: last.id } });
      assert.deepEqual(page2.map((d) => d.id), ['p1', 'p0']);
      assert.deepEqual((await store.devices.list({ agencyIds: ['ag1'], limit: 50 })).map((d) => d.id), ['d1']);
      assert.equal((await store.devices.list({ agencyIds: [], includeNoAgency: true, limit: 50 })).length, 5);
      assert.deepEqual(await store.devices.list({ agencyIds: [], limit: 50 }), [], 'an empty scope matches nothing');
      assert.deepEqual((await store.devices.list({ status: 'revoked', limit: 50 })).map((d) => d.id), ['d2']);
    });

    test('sessions bind to a device once; revoking by device ends exactly its live sessions', async () => {
      await store.devices.insert(device('d3', 'u1', 'ag1', { fingerprint: 'fp-d3' }));
      for (const id of ['a', 'b', 'c']) await store.sessions.insert(session(id, 'u1'));
      assert.equal(await store.sessions.bindDevice('a'.padEnd(64, '0'), 'd3'), true);
      assert.equal(await store.sessions.bindDevice('a'.padEnd(64, '0'), 'd1'), false, 'a bound session keeps its device');
      assert.equal(await store.sessions.bindDevice('b'.padEnd(64, '0'), 'd3'), true);
      await store.sessions.revoke('b'.padEnd(64, '0'), T0 + 1, 'signed_out');
      const ended = await store.sessions.revokeForDevice('d3', T0 + 2, 'device_revoked');
      assert.deepEqual(ended, [{ id: 'a'.padEnd(64, '0'), userId: 'u1' }]);
      assert.equal((await store.sessions.get('b'.padEnd(64, '0')))?.revokedReason, 'signed_out', 'an ended session keeps its first reason');
      assert.equal((await store.sessions.get('c'.padEnd(64, '0')))?.revokedAt, null);
      assert.deepEqual((await store.sessions.listLive('u1', T0)).map((s) => s.id), ['c'.padEnd(64, '0')], 'revoked ones are not live');
      assert.deepEqual(await store.sessions.listLive('u1', T0 + 1e6), [], 'past the idle expiry nothing is live');
      assert.deepEqual(await store.sessions.revokeAllForUser('u1', T0 + 3, 'status_suspended'), ['c'.padEnd(64, '0')]);
    });

    test('only approved devices of holders of the given roles are counted', async () => {
      assert.equal(await store.devices.countApprovedOfRoles(['security_admin']), 0);
      await store.roles.grant('u2', { role: 'security_admin', agencyId: 'ag2' }, null, T0);
      assert.equal(await store.devices.countApprovedOfRoles(['security_admin']), 0, 'u2 has a pending and a revoked device');
      await store.devices.decide('d1c', ['pending'], 'approved', 'u1', T0, null);
      assert.equal(await store.devices.countApprovedOfRoles(['security_admin', 'system_admin']), 1);
      assert.equal(await store.devices.countApprovedOfRoles(['auditor']), 0);
      assert.equal(await store.devices.countApprovedOfRoles([]), 0);
    });

    test('enrollment policies: null until set, then upserted', async () => {
      assert.equal(await store.devices.enrollmentPolicy('ag1'), null);
      await store.devices.setEnrollmentPolicy('ag1', { mode: 'approval', networks: ['10.0.0.0/8'], caCertificates: [] }, 'u1', T0);
      await store.devices.setEnrollmentPolicy('ag1', { mode: 'open', networks: [], caCertificates: ['PEM'] }, null, T0 + 1);
      assert.deepEqual(await store.devices.enrollmentPolicy('ag1'), { mode: 'open', networks: [], caCertificates: ['PEM'], updatedBy: null, updatedAt: T0 + 1 });
      assert.equal(await store.devices.enrollmentPolicy('*'), null);
    });
  });
}
