import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationSummary } from '../../app/wire';
import { sortByRecent, titleOf, withLiveEvent, withMyRead } from './conversations';
import { backoffMs } from './socket';
import { ev } from './test-events';

const conv = (id: string, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id, kind: 'direct', name: null, topic: null, agencyId: null, lastSeq: 2, lastEventAt: 100, role: 'member', readSeq: 2, unread: 0, ...over,
});

test('[RD-1] a message from someone else past my marker counts as unread and moves the conversation up', () => {
  const list = sortByRecent([conv('c0', { lastEventAt: 500 }), conv('c1')]);
  const next = withLiveEvent(list, ev(3, { createdAt: 900 }), 'me');
  assert.deepEqual(next.map((c) => [c.id, c.unread, c.lastSeq]), [['c1', 1, 3], ['c0', 0, 2]]);
  assert.equal(withLiveEvent(next, ev(3, { createdAt: 900 }), 'me')[0]!.unread, 1, 'the same event twice counts once');
  assert.equal(withLiveEvent(list, ev(3, { senderId: 'me' }), 'me').find((c) => c.id === 'c1')!.unread, 0, 'my own message is not unread');
  assert.equal(withMyRead(next, 'c1', 3)[0]!.unread, 0);
  assert.equal(withMyRead(next, 'c1', 1)[0]!.unread, 1, 'a marker never goes down');
});

test('a conversation is called by its name, else by the other people in it', () => {
  const names: Record<string, string> = { bob: 'Bob Builder', carol: 'Carol' };
  const nameOf = (id: string) => names[id] ?? 'Someone';
  assert.equal(titleOf({ name: null, kind: 'direct' }, ['me', 'bob'], 'me', nameOf), 'Bob Builder');
  assert.equal(titleOf({ name: null, kind: 'group' }, ['me', 'bob', 'carol'], 'me', nameOf), 'Bob Builder, Carol');
  assert.equal(titleOf({ name: 'Bridges', kind: 'group' }, undefined, 'me', nameOf), 'Bridges');
  assert.equal(titleOf({ name: null, kind: 'direct' }, undefined, 'me', nameOf), 'Direct message');
});

test('reconnect backoff grows, is capped at 10 s, and is jittered', () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffMs(n, 1)), [500, 1000, 2000, 4000]);
  assert.equal(backoffMs(20, 1), 10_000);
  assert.equal(backoffMs(2, 0), 1000);
});
