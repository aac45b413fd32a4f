/**
 * The identity part of the store contract: OIDC links and flows, provisioning
 * tokens, SCIM bookkeeping. Every backend runs it (src/store/sql/identity-*.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.js';
import { isStoreError } from './errors.js';
import type { StoreHarness } from './contract.js';
import type { User } from '../domain/directory.js';

const T0 = Date.UTC(2026, 0, 1);
const user = (id: string, username: string, extra: Partial<User> = {}): User => ({
  id, username, displayName: username, email: null, agencyId: null, personType: 'employee', status: 'active', createdAt: T0, updatedAt: T0, ...extra,
});

export function identityContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`identity store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    before(async () => {
      h = await harness();
      store = await h.open();
      await store.agencies.insert({ id: 'ag', code: 'AG', name: 'Agency', createdAt: T0 });
      for (const [i, n] of ['ann', 'bob', 'cat', 'dan', 'eve'].entries()) {
        await store.users.insert(user(`u${i}`, n, { agencyId: i < 3 ? 'ag' : null, status: n === 'eve' ? 'deprovisioned' : 'active' }));
      }
    });
    after(async () => {
      await store.close();
      await h.drop();
    });

    test('OIDC links: one user per (provider, subject), one subject per (provider, user)', async () => {
      await store.identity.linkOidc('p', 'sub-1', 'u0', T0);
      assert.equal(await store.identity.userIdForOidc('p', 'sub-1'), 'u0');
      assert.equal(await store.identity.oidcSubjectOf('p', 'u0'), 'sub-1');
      assert.equal(await store.identity.userIdForOidc('other', 'sub-1'), null);
      await assert.rejects(store.identity.linkOidc('p', 'sub-1', 'u1', T0), (e: unknown) => isStoreError(e, 'unique_violation'));
      await assert.rejects(store.identity.linkOidc('p', 'sub-2', 'u0', T0), (e: unknown) => isStoreError(e, 'unique_violation'));
      await store.identity.linkOidc('other', 'sub-1', 'u1', T0);
    });

    test('flows are taken once; expired ones are swept', async () => {
      const flow = { id: 'f1', provider: 'p', state: 's', nonce: 'n', codeVerifier: 'v', createdAt: T0, expiresAt: T0 + 600_000 };
      await store.identity.insertFlow(flow);
      await store.identity.insertFlow({ ...flow, id: 'f2', expiresAt: T0 + 1 });
      const [a, b] = await Promise.all([store.identity.takeFlow('f1'), store.identity.takeFlow('f1')]);
      assert.deepEqual([a, b].filter(Boolean), [flow], 'exactly one taker gets the flow');
      assert.equal(await store.identity.deleteExpiredFlows(T0 + 1), 1);
      assert.equal(await store.identity.takeFlow('f2'), null);
    });

    test('provisioning tokens: found by hash, revoked once, touched', async () => {
      const t = { id: 't1', name: 'IdP', createdBy: null, createdAt: T0, revokedAt: null, lastUsedAt: null };
      await store.identity.insertToken(t, 'hash-1');
      await assert.rejects(store.identity.insertToken({ ...t, id: 't2' }, 'hash-1'), (e: unknown) => isStoreError(e, 'unique_violation'));
      assert.deepEqual(await store.identity.tokenByHash('hash-1'), t);
      await store.identity.touchToken('t1', T0 + 5);
      assert.equal((await store.identity.getToken('t1'))!.lastUsedAt, T0 + 5);
      assert.equal(await store.identity.revokeToken('t1', T0 + 9), true);
      assert.equal(await store.identity.revokeToken('t1', T0 + 10), false);
      assert.equal((await store.identity.listTokens())[0]!.revokedAt, T0 + 9);
      assert.equal(await store.identity.tokenByHash('nope'), null);
    });

    test('external ids upsert; users page by index with a total, filtered by username or external id', async () => {
      await store.identity.setExternalId('u1', 'x-1', T0);
      await store.identity.setExternalId('u1', 'x-2', T0 + 1);
      assert.equal(await store.identity.externalIdOf('u1'), 'x-2');
      assert.equal(await store.identity.externalIdOf('u2'), null);
      const page = await store.identity.listUsersByIndex({ excludeStatus: 'deprovisioned', offset: 1, limit: 2 });
      assert.deepEqual([page.total, page.items.map((u) => u.username)], [4, ['bob', 'cat']]);
      const past = await store.identity.listUsersByIndex({ offset: 10, limit: 2 });
      assert.deepEqual([past.total, past.items], [5, []]);
      assert.deepEqual((await store.identity.listUsersByIndex({ externalId: 'x-2', offset: 0, limit: 5 })).items.map((u) => u.id), ['u1']);
      assert.equal((await store.identity.listUsersByIndex({ username: 'eve', excludeStatus: 'deprovisioned', offset: 0, limit: 5 })).total, 0);
      assert.equal((await store.identity.listUsersByIndex({ username: 'x', offset: 0, limit: 0 })).total, 0);
    });

    test('member ids by agency and by role skip the excluded status', async () => {
      assert.deepEqual(await store.identity.userIdsInAgency('ag', 'deprovisioned'), ['u0', 'u1', 'u2']);
      await store.roles.grant('u3', { role: 'auditor', agencyId: null }, null, T0);
      await store.roles.grant('u4', { role: 'auditor', agencyId: null }, null, T0);
      await store.roles.grant('u0', { role: 'auditor', agencyId: 'ag' }, null, T0);
      assert.deepEqual(await store.identity.userIdsWithRole('auditor', null, 'deprovisioned'), ['u3']);
      assert.deepEqual(await store.identity.userIdsWithRole('auditor', 'ag', 'deprovisioned'), ['u0']);
    });

    test('groups: unique display name, list by name, delete once', async () => {
      const g = { id: 'g1', displayName: 'agency:AG', externalId: null, createdAt: T0 };
      await store.identity.insertGroup(g);
      await assert.rejects(store.identity.insertGroup({ ...g, id: 'g2' }), (e: unknown) => isStoreError(e, 'unique_violation'));
      assert.deepEqual(await store.identity.getGroup('g1'), g);
      assert.deepEqual(await store.identity.listGroups({ displayName: 'agency:AG' }), [g]);
      assert.deepEqual(await store.identity.listGroups({ displayName: 'nope' }), []);
      assert.equal(await store.identity.deleteGroup('g1'), true);
      assert.equal(await store.identity.deleteGroup('g1'), false);
    });
  });
}
