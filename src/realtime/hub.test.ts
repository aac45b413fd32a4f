/**
 * The hub treats what arrives over the bus from other nodes as untrusted input.
 * The connection here is a test double of the hub's own LiveConnection
 * interface (it records frames); the bus is the real in-process one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus } from '../bus/index.js';
import type { ServerEvent } from '../domain/events.js';
import { Hub, type LiveConnection } from './hub.js';

const settle = () => new Promise((r) => setTimeout(r, 30));

function recorder(userId: string): LiveConnection & { got: ServerEvent[] } {
  const got: ServerEvent[] = [];
  return { id: `c-${userId}`, userId, sessionId: 's', got, send: (e) => got.push(e), sendEncoded: (j) => got.push(JSON.parse(j.toString())), close: () => undefined };
}

test('malformed deliver and presence events from another node are dropped and reported; good ones pass', async () => {
  const bus = new InProcessBus();
  const errors: unknown[] = [];
  const hub = new Hub(bus, { now: Date.now, presenceCoalesceMs: 5, onError: (e) => errors.push(e) });
  await hub.start();
  const alice = recorder('alice');
  const watcher = recorder('watcher');
  hub.register(alice);
  hub.register(watcher);
  await hub.watch(watcher, ['bob']);
  await settle();
  watcher.got.length = 0;
  alice.got.length = 0;

  // A delivery is a routing line and the event's JSON on a text channel.
  const deliver = (routing: string, json: string) => bus.publishText('deliver', `${routing}\n${json}`);
  await deliver('{"recipients":["alice"],"kind":"shell"}', '{"type":"shell","cmd":"rm"}');
  // A known kind whose text is another event, text with a tail, a routing line that is not JSON or
  // has no recipients, and a payload without a routing line are refused too.
  await deliver('{"recipients":["alice"],"kind":"typing"}', '{"type":"shell","cmd":"rm"}');
  await deliver('{"recipients":["alice"],"kind":"typing"}', '{"type":"typing"}garbage');
  await deliver('{"recipients":["alice"],"kind":"typing"', '{"type":"typing"}');
  await deliver('{"recipients":"alice","kind":"typing"}', '{"type":"typing"}');
  await bus.publishText('deliver', '{"type":"typing","conversationId":"c","userId":"bob","state":"start"}');
  await bus.publish('presence', { type: 'presence.set', nodeId: 'other', userId: 'bob', status: '<script>' });
  await bus.publish('presence', { type: 'presence.snapshot', nodeId: 'other', users: { bob: 'godmode' } });
  await settle();
  assert.equal(alice.got.length, 0);
  assert.equal(watcher.got.length, 0);
  assert.equal(errors.length, 8);

  await bus.publish('presence', { type: 'presence.set', nodeId: 'other', userId: 'bob', status: 'away' });
  hub.publish(['alice'], { type: 'typing', conversationId: 'c', userId: 'bob', state: 'start' });
  // An event built with its type later is delivered too (publish puts the type first).
  hub.publish(['alice'], { conversationId: 'c', userId: 'bob', state: 'stop', type: 'typing' });
  await settle();
  assert.deepEqual(watcher.got.map((e) => e.type === 'presence' && e.status), ['away']);
  assert.deepEqual(alice.got.map((e) => e.type === 'typing' && e.state), ['start', 'stop']);
  await hub.stop();
  await bus.close();
});

test('every node hears of membership changes through the deliveries it sees, recipients or not', async () => {
  const bus = new InProcessBus();
  const changed: string[] = [];
  // No connection is registered: the node still learns that its cached members are stale.
  const hub = new Hub(bus, { now: Date.now, onConversationChanged: (id) => changed.push(id) });
  await hub.start();
  hub.publish(['bob'], { type: 'conversation', conversation: { id: 'c1', kind: 'group', memberIds: ['bob'] } } as unknown as ServerEvent);
  hub.publish(['bob'], { type: 'conversation.left', conversationId: 'c2', userId: 'carol' });
  hub.publish(['bob'], { type: 'typing', conversationId: 'c3', userId: 'bob', state: 'start' });
  await settle();
  assert.deepEqual(changed, ['c1', 'c2']);
  await hub.stop();
  await bus.close();
});
