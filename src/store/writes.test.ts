/**
 * The hot paths' writer (writes.ts): the group commit on the event loop, on a
 * SQLite file (durable through WalSync) and on PostgreSQL, down to the errors
 * its callers get.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.js';
import { isStoreError } from './errors.js';
import { openStore } from './open-store.js';
import { InProcessWrites, StaleMembership, type AppendWrite, type Writes } from './writes.js';
import { isAppError } from '../domain/errors.js';
import type { MessageEvent } from '../domain/messaging.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../test/support/backends.js';

const T0 = Date.UTC(2026, 0, 3);

const writers: { name: string; backend: 'sqlite' | 'postgres'; open: (db: TestDatabase, store: Store) => Writes }[] = [
  { name: 'SQLite file', backend: 'sqlite', open: (_db, store) => new InProcessWrites(store) },
  { name: 'PostgreSQL', backend: 'postgres', open: (_db, store) => new InProcessWrites(store) },
];

for (const w of writers.filter((x) => BACKENDS.includes(x.backend))) {
  describe(`writes: ${w.name}`, () => {
    let db: TestDatabase;
    let store: Store;
    let writes: Writes;
    let version: number;
    const message = (id: string, extra: Partial<Omit<AppendWrite, 'kind' | 'event'>> = {}, event: Partial<MessageEvent> = {}): Omit<AppendWrite, 'kind'> => ({
      event: { conversationId: 'c1', id, kind: 'message', messageId: id, senderId: 'u1', clientId: `client-${id}`, body: `body ${id}`, meta: null, createdAt: T0, ...event },
      attachmentIds: [], uploaderId: 'u1', review: null, membersVersion: version, ...extra,
    });

    before(async () => {
      db = await createTestDatabase(w.backend);
      store = await openStore({ dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}) });
      writes = w.open(db, store);
      await store.users.insert({ id: 'u1', username: 'u1', displayName: 'u1', email: null, agencyId: null, personType: 'employee', status: 'active', createdAt: T0, updatedAt: T0 });
      await store.conversations.insert({ id: 'c1', kind: 'group', name: 'c1', topic: null, agencyId: null, createdBy: 'u1', createdAt: T0, lastSeq: 0, lastEventAt: T0 });
      await store.conversations.upsertMember({ conversationId: 'c1', userId: 'u1', role: 'owner', joinedAt: T0, leftAt: null, readSeq: 0 });
      version = (await store.conversations.membership('c1'))!.version;
    });
    after(async () => {
      await writes.close();
      await store.close();
      await db.drop();
    });

    test('concurrent appends commit with gap-free sequence numbers, visible to the store once they resolve', async () => {
      const stored = await Promise.all(Array.from({ length: 20 }, (_, i) => writes.append(message(`m${i}`))));
      assert.deepEqual(stored.map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal((await store.conversations.get('c1'))?.lastSeq, 20);
      assert.equal((await store.messages.getByClientId('u1', 'client-m7'))?.seq, 8);
    });

    test('an append checked against another membership version writes nothing; the rest of its batch commits', async () => {
      const outcomes = await Promise.allSettled([
        writes.append(message('s1')),
        writes.append(message('s2', { membersVersion: version - 1 })),
        writes.append(message('s3')),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      const reason = (outcomes[1] as PromiseRejectedResult).reason as unknown;
      assert.ok(reason instanceof StaleMembership && reason.conversationId === 'c1', String(reason));
      assert.equal(await store.messages.getByClientId('u1', 'client-s2'), null);
      assert.deepEqual(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.seq] : [])), [21, 22], 'the refused append took no sequence number');
    });

    test('a reused client id is a unique violation; an attachment bound twice is a conflict; both reach the caller as such', async () => {
      await assert.rejects(writes.append(message('dup', {}, { clientId: 'client-m1' })), (e: unknown) => isStoreError(e, 'unique_violation'));
      await store.attachments.insert({ id: 'a1', sha256: 'f'.repeat(64), uploaderId: 'u1', name: 'a.txt', size: 1, contentType: 'text/plain', createdAt: T0, conversationId: null, messageId: null });
      const outcomes = await Promise.allSettled([writes.append(message('att1', { attachmentIds: ['a1'] })), writes.append(message('att2', { attachmentIds: ['a1'] }))]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      assert.ok(isAppError(refused.reason) && refused.reason.code === 'conflict', String(refused.reason));
      assert.ok((await store.attachments.get('a1'))?.messageId?.startsWith('att'));
    });

    test('a flagged message and its review row commit together', async () => {
      const review = { id: 'r1', eventId: 'rv1', conversationId: 'c1', senderId: 'u1', agencyId: null, policyVersionId: 'p1', action: 'flag', rules: [{ rule: 'x' }], status: 'open' as const, createdAt: T0 };
      await writes.append(message('rv1', { review }));
      const [item] = await store.reviews.list({ limit: 5 });
      assert.deepEqual([item?.id, item?.eventId, item?.rules], ['r1', 'rv1', [{ rule: 'x' }]]);
    });

    test('a read marker only rises; a non-member has none to raise', async () => {
      assert.equal(await writes.markRead({ conversationId: 'c1', userId: 'u1', seq: 10 }), 10);
      assert.equal(await writes.markRead({ conversationId: 'c1', userId: 'u1', seq: 4 }), 10);
      assert.equal((await store.conversations.getMember('c1', 'u1'))?.readSeq, 10);
      await assert.rejects(writes.markRead({ conversationId: 'c1', userId: 'nobody', seq: 1 }), (e: unknown) => isStoreError(e, 'not_found'));
    });

    test('a touch moves the session and its device; close waits for the writes in progress', async () => {
      await store.sessions.insert({
        id: 's'.repeat(64), userId: 'u1', kind: 'bearer', csrfToken: 'c', createdAt: T0, lastSeenAt: T0, idleExpiresAt: T0 + 1000, expiresAt: T0 + 10_000,
        revokedAt: null, revokedReason: null, ip: null, userAgent: null, deviceId: null,
      });
      await store.devices.insert({
        id: 'd1', userId: 'u1', agencyId: null, fingerprint: 'fp', publicKey: 'key', name: 'd1', userAgent: null, status: 'approved', method: 'open',
        firstSeenAt: T0, lastSeenAt: T0, addresses: ['10.0.0.1'], decidedBy: null, decidedAt: null, revokedReason: null,
      });
      await writes.touch({ sessionId: 's'.repeat(64), lastSeenAt: T0 + 60_000, idleExpiresAt: T0 + 120_000, device: { id: 'd1', addresses: ['10.0.0.2', '10.0.0.1'] } });
      const s = await store.sessions.get('s'.repeat(64));
      assert.deepEqual([s?.lastSeenAt, s?.idleExpiresAt], [T0 + 60_000, T0 + 120_000]);
      const d = await store.devices.get('d1');
      assert.deepEqual([d?.lastSeenAt, d?.addresses], [T0 + 60_000, ['10.0.0.2', '10.0.0.1']]);
      const last = writes.append(message('last'));
      await writes.close();
      assert.equal((await last).seq, 25);
      writes = w.open(db, store);
    });
  });
}
