import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { openStore } from '../store/open-store.js';
import { MembershipCache } from './membership-cache.js';

const T0 = Date.UTC(2026, 0, 2);

async function storeWith(conversations: string[]) {
  const store = await openStore({ databaseUrl: 'sqlite::memory:', dataDir: tmpdir() });
  await store.users.insert({ id: 'u1', username: 'u1', displayName: 'u1', email: null, agencyId: null, personType: 'employee', status: 'active', createdAt: T0, updatedAt: T0 });
  for (const id of conversations) {
    await store.conversations.insert({ id, kind: 'group', name: id, topic: null, agencyId: null, createdBy: 'u1', createdAt: T0, lastSeq: 0, lastEventAt: T0 });
    await store.conversations.upsertMember({ conversationId: id, userId: 'u1', role: 'owner', joinedAt: T0, leftAt: null, readSeq: 0 });
  }
  return store;
}

test('a cached membership is served until forgotten; a missing conversation is null', async () => {
  const store = await storeWith(['c1']);
  const cache = new MembershipCache();
  const first = await cache.get(store, 'c1');
  assert.deepEqual([...first!.roles], [['u1', 'owner']]);
  await store.conversations.markLeft('c1', 'u1', T0 + 1);
  assert.equal(await cache.get(store, 'c1'), first, 'served from memory');
  cache.forget('c1');
  const fresh = await cache.get(store, 'c1');
  assert.equal(fresh!.roles.size, 0);
  assert.ok(fresh!.version > first!.version);
  assert.equal(await cache.get(store, 'missing'), null);
  await store.close();
});

test('an older membership never replaces a newer one, and the least recently used entry goes first', async () => {
  const store = await storeWith(['c1', 'c2', 'c3']);
  const cache = new MembershipCache(2);
  const old = (await cache.load(store, 'c1'))!;
  await store.conversations.markLeft('c1', 'u1', T0 + 1);
  const newer = (await cache.load(store, 'c1'))!;
  cache.remember(old);
  assert.equal(await cache.get(store, 'c1'), newer);
  await cache.get(store, 'c2');
  await cache.get(store, 'c1');
  await cache.get(store, 'c3');
  assert.equal(cache.size, 2);
  await store.conversations.upsertMember({ conversationId: 'c2', userId: 'u1', role: 'member', joinedAt: T0 + 2, leftAt: null, readSeq: 0 });
  assert.equal((await cache.get(store, 'c2'))!.roles.get('u1'), 'member', 'c2 was evicted, so it is read again');
  await store.close();
});
