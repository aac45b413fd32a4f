/** The store contract for conversations and the message event log; called from contract.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.js';
import { isStoreError } from './errors.js';
import type { Conversation, MessageEvent } from '../domain/messaging.js';

const T0 = Date.UTC(2026, 0, 2);

const conv = (id: string, extra: Partial<Conversation> = {}): Conversation => ({
  id, kind: 'group', name: id, topic: null, agencyId: null, createdBy: 'mu1', createdAt: T0, lastSeq: 0, lastEventAt: T0, ...extra,
});

const msg = (conversationId: string, id: string, senderId: string, extra: Partial<MessageEvent> = {}): Omit<MessageEvent, 'seq'> => ({
  conversationId, id, kind: 'message', messageId: id, senderId, clientId: `c-${id}`, body: `body ${id}`, meta: null, createdAt: T0, ...extra,
});

export function messagingContract(getStore: () => Store): void {
  const user = (id: string) => ({
    id, username: id, displayName: id, email: null, agencyId: null, personType: 'employee' as const, status: 'active' as const, createdAt: T0, updatedAt: T0,
  });

  test('messaging: events get gap-free sequence numbers per conversation, even when sent at once', async () => {
    const store = getStore();
    for (const id of ['mu1', 'mu2', 'mu3']) await store.users.insert(user(id));
    await store.conversations.insert(conv('mc1'));
    await store.conversations.insert(conv('mc2'));
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.transaction((tx) => tx.messages.append(msg(i % 2 ? 'mc1' : 'mc2', `m${i}`, 'mu1'))),
      ),
    );
    const seqs = (c: string) => sent.filter((e) => e.conversationId === c).map((e) => e.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs('mc1'), Array.from({ length: 15 }, (_, i) => i + 1));
    assert.deepEqual(seqs('mc2'), Array.from({ length: 15 }, (_, i) => i + 1));
    assert.equal((await store.conversations.get('mc1'))?.lastSeq, 15);
    await assert.rejects(store.messages.append(msg('mc1', 'outside', 'mu1')), /inside store.transaction/);
  });

  test('messaging: a client id is unique per sender; the duplicate is found by it', async () => {
    const store = getStore();
    await assert.rejects(
      store.transaction((tx) => tx.messages.append(msg('mc1', 'dup', 'mu1', { clientId: 'c-m1' }))),
      (e: unknown) => isStoreError(e, 'unique_violation'),
    );
    assert.equal((await store.conversations.get('mc1'))?.lastSeq, 15, 'the failed append took no sequence number');
    assert.equal((await store.messages.getByClientId('mu1', 'c-m1'))?.id, 'm1');
    assert.equal(await store.messages.getByClientId('mu2', 'c-m1'), null);
  });

  test('messaging: appending to a missing conversation is not_found', async () => {
    await assert.rejects(
      getStore().transaction((tx) => tx.messages.append(msg('nope', 'x1', 'mu1'))),
      (e: unknown) => isStoreError(e, 'not_found'),
    );
  });

  test('messaging: ranges page both ways without overlap', async () => {
    const store = getStore();
    const asc = await store.messages.range('mc1', { afterSeq: 5, limit: 4, order: 'asc' });
    assert.deepEqual(asc.map((e) => e.seq), [6, 7, 8, 9]);
    const desc = await store.messages.range('mc1', { beforeSeq: 6, limit: 10, order: 'desc' });
    assert.deepEqual(desc.map((e) => e.seq), [5, 4, 3, 2, 1]);
  });

  test('messaging: edits and deletions are separate events found by message id', async () => {
    const store = getStore();
    const original = await store.messages.getMessage('m1');
    assert.ok(original);
    await store.transaction(async (tx) => {
      await tx.messages.append(msg('mc1', 'e1', 'mu1', { kind: 'edit', messageId: 'm1', clientId: 'edit-1', body: 'edited' }));
      await tx.messages.append(msg('mc1', 'd1', 'mu1', { kind: 'delete', messageId: 'm1', clientId: 'del-1', body: null }));
    });
    const changes = await store.messages.changesTo(['m1', 'm3']);
    assert.deepEqual(changes.map((e) => e.kind), ['edit', 'delete']);
    assert.equal((await store.messages.getMessage('m1'))?.body, original.body, 'the original is untouched');
    assert.equal(await store.messages.getMessage('e1'), null, 'an edit is not a message');
  });

  test('messaging: members, read markers that only rise, unread counts, leaving and rejoining', async () => {
    const store = getStore();
    await store.conversations.upsertMember({ conversationId: 'mc1', userId: 'mu1', role: 'owner', joinedAt: T0, leftAt: null, readSeq: 0 });
    await store.conversations.upsertMember({ conversationId: 'mc1', userId: 'mu2', role: 'member', joinedAt: T0, leftAt: null, readSeq: 0 });
    await store.conversations.upsertMember({ conversationId: 'mc2', userId: 'mu2', role: 'member', joinedAt: T0, leftAt: null, readSeq: 0 });
    assert.deepEqual((await store.conversations.listMembers('mc1')).map((m) => m.userId), ['mu1', 'mu2']);
    const list = await store.conversations.listForUser('mu2', 10);
    assert.deepEqual(list.map((c) => [c.id, c.unread]).sort(), [['mc1', 15], ['mc2', 15]]);
    assert.equal((await store.conversations.listForUser('mu1', 10))[0]?.unread, 0, 'one\'s own messages are never unread');
    assert.equal(await store.conversations.raiseReadSeq('mc1', 'mu2', 10), 10);
    assert.equal(await store.conversations.raiseReadSeq('mc1', 'mu2', 4), 10, 'a read marker never goes back');
    const after = await store.conversations.listForUser('mu2', 10);
    assert.equal(after.find((c) => c.id === 'mc1')?.unread, 5);
    await store.conversations.markLeft('mc1', 'mu2', T0 + 1);
    assert.deepEqual((await store.conversations.listMembers('mc1')).map((m) => m.userId), ['mu1']);
    assert.deepEqual((await store.conversations.listForUser('mu2', 10)).map((c) => c.id), ['mc2']);
    assert.equal((await store.conversations.getMember('mc1', 'mu2'))?.leftAt, T0 + 1);
    await store.conversations.upsertMember({ conversationId: 'mc1', userId: 'mu2', role: 'member', joinedAt: T0 + 2, leftAt: null, readSeq: 0 });
    const back = await store.conversations.getMember('mc1', 'mu2');
    assert.deepEqual([back?.leftAt, back?.readSeq], [null, 10], 'rejoining keeps the read marker');
    await assert.rejects(store.conversations.raiseReadSeq('mc1', 'mu3', 1), (e: unknown) => isStoreError(e, 'not_found'));
  });

  test('messaging: a direct pair has one conversation; channels are listed by agency and name prefix', async () => {
    const store = getStore();
    await store.conversations.insert(conv('dm1', { kind: 'direct', name: null }), 'mu1:mu2');
    await assert.rejects(store.conversations.insert(conv('dm2', { kind: 'direct', name: null }), 'mu1:mu2'), (e: unknown) => isStoreError(e, 'unique_violation'));
    assert.equal((await store.conversations.getByDirectKey('mu1:mu2'))?.id, 'dm1');
    await store.agencies.insert({ id: 'mag', code: 'MSG', name: 'Messaging', createdAt: T0 });
    await store.conversations.insert(conv('ch1', { kind: 'channel', name: 'general', agencyId: 'mag' }));
    await store.conversations.insert(conv('ch2', { kind: 'channel', name: 'gen_z', agencyId: 'mag' }));
    assert.deepEqual((await store.conversations.listChannels({ agencyIds: ['mag'], limit: 10 })).map((c) => c.name), ['gen_z', 'general']);
    assert.deepEqual((await store.conversations.listChannels({ query: 'gen_', limit: 10 })).map((c) => c.name), ['gen_z']);
    assert.deepEqual(await store.conversations.listChannels({ agencyIds: [], limit: 10 }), []);
  });

  test('messaging: body search is a literal, case-insensitive substring, members only, newest first, paged by (createdAt, id)', async () => {
    const store = getStore();
    await store.users.insert(user('su1'));
    await store.users.insert(user('su2'));
    await store.conversations.insert(conv('sc1'));
    await store.conversations.insert(conv('sc2'));
    await store.conversations.upsertMember({ conversationId: 'sc1', userId: 'su1', role: 'owner', joinedAt: T0, leftAt: null, readSeq: 0 });
    await store.conversations.upsertMember({ conversationId: 'sc2', userId: 'su2', role: 'owner', joinedAt: T0, leftAt: null, readSeq: 0 });
    await store.transaction(async (tx) => {
      await tx.messages.append(msg('sc1', 's1', 'su1', { body: 'Budget 100% done', createdAt: T0 + 1 }));
      await tx.messages.append(msg('sc1', 's2', 'su1', { body: 'budget_draft v2', createdAt: T0 + 2 }));
      await tx.messages.append(msg('sc1', 's3', 'su1', { kind: 'edit', messageId: 's1', clientId: 'c-s3', body: 'BUDGET final', createdAt: T0 + 3 }));
      await tx.messages.append(msg('sc1', 's4', 'su1', { kind: 'delete', messageId: 's2', clientId: 'c-s4', body: null, createdAt: T0 + 4 }));
      await tx.messages.append(msg('sc2', 's5', 'su2', { body: 'budget elsewhere', createdAt: T0 + 5 }));
    });
    const ids = async (needle: string, extra: object = {}) =>
      (await store.messages.searchBodies({ userId: 'su1', needle, limit: 10, ...extra })).map((e) => e.id);
    assert.deepEqual(await ids('budget'), ['s3', 's2', 's1'], 'edits are candidates too; another member\'s conversation is not');
    assert.deepEqual(await ids('100%'), ['s1'], '% is a literal');
    assert.deepEqual(await ids('1%0'), [], 'and never a wildcard');
    assert.deepEqual(await ids('t_d'), ['s2'], '_ is a literal');
    assert.deepEqual(await ids('t d'), []);
    assert.deepEqual(await ids('budget', { limit: 2 }), ['s3', 's2']);
    assert.deepEqual(await ids('budget', { before: { createdAt: T0 + 2, id: 's2' } }), ['s1']);
    assert.deepEqual(await ids('budget', { conversationId: 'sc2' }), [], 'a conversation one is not in finds nothing');
    await store.conversations.markLeft('sc1', 'su1', T0 + 9);
    assert.deepEqual(await ids('budget'), [], 'after leaving, nothing');
  });

  test('messaging: every membership change raises the version that appends report; read markers do not', async () => {
    const store = getStore();
    await store.conversations.insert(conv('mv1'));
    assert.equal(await store.conversations.membership('nope'), null);
    const member = (userId: string, role: 'owner' | 'member' = 'member') => ({ conversationId: 'mv1', userId, role, joinedAt: T0, leftAt: null, readSeq: 0 });
    const version = async () => (await store.conversations.membership('mv1'))!.version;
    const v0 = await version();
    await store.conversations.upsertMember(member('mu1', 'owner'));
    await store.conversations.upsertMember(member('mu2'));
    const v1 = await version();
    assert.ok(v1 > v0, 'joins raise it');
    const m = await store.conversations.membership('mv1');
    assert.deepEqual([m?.kind, [...(m?.roles ?? [])]], ['group', [['mu1', 'owner'], ['mu2', 'member']]]);
    const appended = await store.transaction((tx) => tx.messages.append(msg('mv1', 'mv-m1', 'mu1')));
    assert.equal(appended.membersVersion, v1);
    assert.equal(await version(), v1, 'messages leave it alone');
    await store.conversations.raiseReadSeq('mv1', 'mu2', 1);
    assert.equal(await version(), v1, 'read markers leave it alone');
    await store.conversations.markLeft('mv1', 'mu2', T0 + 1);
    const v2 = await version();
    assert.ok(v2 > v1, 'a leave raises it');
    assert.deepEqual([...(await store.conversations.membership('mv1'))!.roles.keys()], ['mu1']);
    await store.conversations.upsertMember(member('mu2', 'owner'));
    const v3 = await version();
    assert.ok(v3 > v2, 'a rejoin raises it');
    const again = await store.transaction((tx) => tx.messages.append(msg('mv1', 'mv-m2', 'mu2')));
    assert.equal(again.membersVersion, v3);
  });
}
