/**
 * The store contract: one suite that every backend must pass. Each backend's
 * test file is a one-line call into it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.js';
import { StoreError, isStoreError } from './errors.js';
import type { User } from '../domain/directory.js';
import { GENESIS_HASH, type AuditEntryInput } from '../domain/audit-chain.js';
import { messagingContract } from './messaging-contract.js';

export interface StoreHarness {
  open(): Promise<Store>;
  /** Removes the database. */
  drop(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);

const user = (id: string, username: string, agencyId: string | null, extra: Partial<User> = {}): User => ({
  id, username, displayName: username.toUpperCase(), email: null, agencyId, personType: 'employee', status: 'active',
  createdAt: T0, updatedAt: T0, ...extra,
});

const entry = (id: string, action: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  id, at: T0, actorId: null, actorLabel: 'system', action, targetType: null, targetId: null, agencyId: null,
  before: null, after: { n: 1 }, requestId: null, ip: null, ...extra,
});

export function storeContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    before(async () => {
      h = await harness();
      store = await h.open();
    });
    after(async () => {
      await store.close();
      await h.drop();
    });

    test('agencies: insert, read by id and code, unique code is a unique_violation', async () => {
      await store.agencies.insert({ id: 'a1', code: 'WVOT', name: 'Office of Technology', createdAt: T0 });
      assert.equal((await store.agencies.get('a1'))?.name, 'Office of Technology');
      assert.equal((await store.agencies.getByCode('WVOT'))?.id, 'a1');
      assert.equal(await store.agencies.get('nope'), null);
      await assert.rejects(
        store.agencies.insert({ id: 'a2', code: 'WVOT', name: 'Duplicate', createdAt: T0 }),
        (e: unknown) => isStoreError(e, 'unique_violation'),
      );
      await assert.rejects(store.agencies.update('missing', { name: 'x' }), (e: unknown) => isStoreError(e, 'not_found'));
    });

    test('users: a reference to a missing agency is a foreign_key_violation', async () => {
      await assert.rejects(store.users.insert(user('u-bad', 'bad', 'no-such-agency')), (e: unknown) => isStoreError(e, 'foreign_key_violation'));
    });

    test('users: cursor paging by username returns every row once, in order', async () => {
      await store.agencies.insert({ id: 'a3', code: 'DHHR', name: 'Health', createdAt: T0 });
      const names = Array.from({ length: 7 }, (_, i) => `pager${i}`);
      for (const [i, n] of names.entries()) await store.users.insert(user(`p${i}`, n, 'a3'));
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.users.list({ agencyIds: ['a3'], limit: 3, ...(after ? { after } : {}) });
        seen.push(...page.items.map((u) => u.username));
        if (!page.next) break;
        after = page.next;
      }
      assert.deepEqual(seen, names);
    });

    test('users: the search query is a literal prefix, never a LIKE pattern', async () => {
      await store.users.insert(user('w1', 'under_score', null));
      await store.users.insert(user('w2', 'underXscore', null));
      const literal = await store.users.list({ query: 'under_', limit: 10 });
      assert.deepEqual(literal.items.map((u) => u.username), ['under_score']);
      const percent = await store.users.list({ query: '%', limit: 10 });
      assert.equal(percent.items.length, 0);
      const sqlish = await store.users.list({ query: "x' OR '1'='1", limit: 10 });
      assert.equal(sqlish.items.length, 0);
    });

    test('users: update changes only the given fields; an empty agency filter matches nothing', async () => {
      await store.users.update('w1', { status: 'suspended', updatedAt: T0 + 5 });
      const u = await store.users.get('w1');
      assert.equal(u?.status, 'suspended');
      assert.equal(u?.displayName, 'UNDER_SCORE');
      assert.equal(u?.updatedAt, T0 + 5);
      assert.deepEqual((await store.users.list({ agencyIds: [], limit: 10 })).items, []);
    });

    test('users: getMany returns those that exist, each once, in one query', async () => {
      const got = await store.users.getMany(['w1', 'no-such-user', 'w1']);
      assert.deepEqual(got.map((u) => u.id), ['w1']);
      assert.deepEqual(await store.users.getMany([]), []);
      await assert.rejects(store.users.getMany(Array.from({ length: 1001 }, (_, i) => `x${i}`)), (e: unknown) => isStoreError(e, 'invalid_data'));
    });

    test('transaction: a failure rolls back every write in it', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.agencies.insert({ id: 'rb', code: 'ROLLBACK', name: 'Gone', createdAt: T0 });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.agencies.get('rb'), null);
    });

    test('roles: grant, list, duplicate grant, revoke, count of active holders', async () => {
      await store.users.insert(user('r1', 'roleholder', null));
      await store.roles.grant('r1', { role: 'auditor', agencyId: null }, null, T0);
      await store.roles.grant('r1', { role: 'records_officer', agencyId: 'a1' }, null, T0);
      assert.deepEqual(await store.roles.listFor('r1'), [
        { role: 'auditor', agencyId: null },
        { role: 'records_officer', agencyId: 'a1' },
      ]);
      await assert.rejects(store.roles.grant('r1', { role: 'auditor', agencyId: null }, null, T0), (e: unknown) => isStoreError(e, 'unique_violation'));
      assert.equal(await store.users.countWithRole('auditor'), 1);
      await store.roles.revoke('r1', { role: 'auditor', agencyId: null });
      await assert.rejects(store.roles.revoke('r1', { role: 'auditor', agencyId: null }), (e: unknown) => isStoreError(e, 'not_found'));
      assert.equal(await store.users.countWithRole('auditor'), 0);
    });

    test('credentials and sessions: upsert, failures, revoke once', async () => {
      await store.credentials.upsert({ userId: 'r1', passwordHash: 'h1', mustChange: true, failedAttempts: 0, lockedUntil: null, updatedAt: T0 });
      await store.credentials.upsert({ userId: 'r1', passwordHash: 'h2', mustChange: false, failedAttempts: 0, lockedUntil: null, updatedAt: T0 });
      await store.credentials.recordFailure('r1', 3, T0 + 1000, T0);
      const c = await store.credentials.get('r1');
      assert.deepEqual([c?.passwordHash, c?.mustChange, c?.failedAttempts, c?.lockedUntil], ['h2', false, 3, T0 + 1000]);
      const s = {
        id: 'f'.repeat(64), userId: 'r1', kind: 'bearer' as const, csrfToken: 'c', createdAt: T0, lastSeenAt: T0,
        idleExpiresAt: T0 + 10, expiresAt: T0 + 20, revokedAt: null, revokedReason: null, ip: '127.0.0.1', userAgent: null, deviceId: null,
      };
      await store.sessions.insert(s);
      assert.deepEqual(await store.sessions.get(s.id), s);
      assert.equal(await store.sessions.revoke(s.id, T0 + 1, 'test'), true);
      assert.equal(await store.sessions.revoke(s.id, T0 + 2, 'again'), false);
      assert.equal((await store.sessions.get(s.id))?.revokedAt, T0 + 1);
    });

    test('policies: versions are numbered in publication order; the newest is current', async () => {
      assert.equal(await store.policies.current(), null);
      const base = { packId: 'p', title: 't', banner: 'b', source: 's', publishedAt: T0, publishedBy: null };
      const v1 = await store.transaction((tx) => tx.policies.publish({ ...base, id: 'v1', version: '1' }));
      const v2 = await store.transaction((tx) => tx.policies.publish({ ...base, id: 'v2', version: '2' }));
      assert.deepEqual([v1.number, v2.number], [1, 2]);
      assert.equal((await store.policies.current())?.id, 'v2');
      await store.policies.insertAck({ id: 'k1', userId: 'r1', policyVersionId: 'v1', sessionId: null, ip: null, userAgent: null, at: T0 });
      assert.equal(await store.policies.hasAck('r1', 'v1'), true);
      assert.equal(await store.policies.hasAck('r1', 'v2'), false);
    });

    test('audit: appends form a chain from the genesis hash; the head follows', async () => {
      assert.deepEqual(await store.audit.head(), { seq: 0, hash: GENESIS_HASH });
      await assert.rejects(store.audit.append(entry('outside', 'x')), /inside store.transaction/);
      const e1 = await store.transaction((tx) => tx.audit.append(entry('e1', 'test.one', { agencyId: 'a1' })));
      const e2 = await store.transaction((tx) => tx.audit.append(entry('e2', 'test.two')));
      assert.equal(e1.seq, 1);
      assert.equal(e1.prevHash, GENESIS_HASH);
      assert.equal(e2.prevHash, e1.hash);
      assert.deepEqual(await store.audit.head(), { seq: 2, hash: e2.hash });
      const listed = await store.audit.list({ limit: 10 });
      assert.deepEqual(listed.map((e) => e.seq), [2, 1]);
      assert.deepEqual((await store.audit.list({ limit: 10, agencyIds: ['a1'] })).map((e) => e.id), ['e1']);
      assert.deepEqual((await store.audit.list({ limit: 10, beforeSeq: 2 })).map((e) => e.id), ['e1']);
      const scanned = await store.audit.scan(0, 10);
      assert.equal(scanned[0]?.afterJson, '{"n":1}');
    });

    test('audit: concurrent appends stay one linear chain', async () => {
      const before = (await store.audit.head()).seq;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.transaction((tx) => tx.audit.append(entry(`c${i}`, 'test.concurrent')))),
      );
      const all = await store.audit.scan(before, 100);
      assert.equal(all.length, 20);
      for (let i = 1; i < all.length; i++) assert.equal(all[i]!.entry.prevHash, all[i - 1]!.entry.hash);
      assert.equal((await store.audit.head()).seq, before + 20);
    });

    test('ping answers; errors are StoreErrors, not driver errors', async () => {
      await store.ping();
      const err = await store.agencies.insert({ id: 'a1', code: 'OTHER', name: 'dup id', createdAt: T0 }).catch((e: unknown) => e);
      assert.ok(err instanceof StoreError);
      assert.equal(err.kind, 'unique_violation');
    });

    messagingContract(() => store);

    test('reopening runs no migration twice and keeps the data', async () => {
      const again = await h.open();
      try {
        assert.equal((await again.agencies.get('a1'))?.code, 'WVOT');
      } finally {
        await again.close();
      }
    });
  });
}
