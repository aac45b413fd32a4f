import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Inbox, drainEventLoop, runBusContract } from './bus-contract.js';
import type { BusError } from './errors.js';
import { RedisBus } from './redis-bus.js';

const redisUrl = process.env['PARLEY_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// One prefix per run, so parallel runs and other deployments on this Redis never meet.
const prefix = `parley-test:${randomUUID()}:`;

runBusContract('RedisBus', (onError) => new RedisBus({ redisUrl, prefix, onError }));

describe('RedisBus on a real Redis', { timeout: 15_000 }, () => {
  let admin: Redis;
  let errors: BusError[];
  const open: RedisBus[] = [];
  const node = (options: { prefix?: string; connectionName?: string } = {}): RedisBus => {
    const bus = new RedisBus({ redisUrl, prefix, onError: (error) => errors.push(error), ...options });
    open.push(bus);
    return bus;
  };
  /** How many Redis connections are subscribed to the channel, across all clients. */
  const subscriberCount = async (channel: string): Promise<number> => {
    const [, count] = (await admin.pubsub('NUMSUB', prefix + channel)) as [string, number];
    return Number(count);
  };

  before(() => {
    admin = new Redis(redisUrl);
  });
  after(() => admin.quit());
  beforeEach(() => {
    errors = [];
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
  });

  it('two buses on one Redis act as two nodes and exchange events both ways', async () => {
    const [nodeA, nodeB] = [node(), node()];
    const [inboxA, inboxB] = [new Inbox(), new Inbox()];
    await nodeA.subscribe('room.1', inboxA.handler);
    await nodeB.subscribe('room.1', inboxB.handler);
    await nodeA.publish('room.1', { type: 'from.a' });
    await nodeB.publish('room.1', { type: 'from.b' });
    assert.deepEqual(await inboxA.until(2), [{ type: 'from.a' }, { type: 'from.b' }]);
    assert.deepEqual(await inboxB.until(2), [{ type: 'from.a' }, { type: 'from.b' }]);
  });

  it('local handlers share one SUBSCRIBE, and the last one to leave UNSUBSCRIBEs', async () => {
    const bus = node();
    assert.equal(await subscriberCount('room.shared'), 0);
    const leaveFirst = await bus.subscribe('room.shared', () => {});
    const leaveSecond = await bus.subscribe('room.shared', () => {});
    assert.equal(await subscriberCount('room.shared'), 1);
    await leaveFirst();
    assert.equal(await subscriberCount('room.shared'), 1);
    await leaveSecond();
    assert.equal(await subscriberCount('room.shared'), 0);
  });

  it('keeps deployments with different prefixes apart', async () => {
    const ours = node();
    const theirs = node({ prefix: `${prefix}other:` });
    const [ourInbox, theirInbox] = [new Inbox(), new Inbox()];
    await ours.subscribe('room.1', ourInbox.handler);
    await theirs.subscribe('room.1', theirInbox.handler);
    await theirs.publish('room.1', { type: 'theirs' });
    await ours.publish('room.1', { type: 'ours' });
    assert.deepEqual(await ourInbox.until(1), [{ type: 'ours' }]);
    assert.deepEqual(await theirInbox.until(1), [{ type: 'theirs' }]);
  });

  it('drops and reports payloads that are not events, and keeps delivering', async () => {
    const bus = node();
    const inbox = new Inbox();
    await bus.subscribe('room.1', inbox.handler);
    for (const garbage of ['not json', '{"type":5}', '[{"type":"x"}]', '{"no":"type"}', 'null', '{"type":""}']) {
      await admin.publish(prefix + 'room.1', garbage);
    }
    await bus.publish('room.1', { type: 'valid' });
    assert.deepEqual(await inbox.until(1), [{ type: 'valid' }]);
    assert.deepEqual(
      errors.map((e) => [e.code, e.data.channel]),
      Array.from({ length: 6 }, () => ['bus.malformed_event', 'room.1']),
    );
  });

  it('resubscribes after its subscriber connection is killed', async () => {
    const connectionName = `parley-test-${randomUUID()}`;
    const listener = node({ connectionName });
    const publisher = node();
    const inbox = new Inbox();
    await listener.subscribe('room.1', inbox.handler);
    await listener.subscribe('room.2', () => {});
    const before = await subscriberClientId(admin, `${connectionName}-sub`);
    assert.equal(await admin.client('KILL', 'ID', before), 1);
    assert.equal(await subscriberCount('room.1'), 0, 'the kill really dropped the subscription');
    // Joining a new channel while the connection is down must also end up live.
    const joinedDuringOutage = new Inbox();
    const joining = listener.subscribe('room.3', joinedDuringOutage.handler);

    // Polling Redis, not timing the client: wait until the node is back on both channels.
    while ((await subscriberCount('room.1')) === 0 || (await subscriberCount('room.2')) === 0) await delay(10);
    assert.notEqual(await subscriberClientId(admin, `${connectionName}-sub`), before);
    await publisher.publish('room.1', { type: 'after.reconnect' });
    assert.deepEqual(await inbox.until(1), [{ type: 'after.reconnect' }]);
    await joining;
    await publisher.publish('room.3', { type: 'joined.during.outage' });
    assert.deepEqual(await joinedDuringOutage.until(1), [{ type: 'joined.during.outage' }]);
    await drainEventLoop();
    assert.deepEqual(errors.filter((e) => e.code !== 'bus.connection'), []);
  });
});

async function subscriberClientId(admin: Redis, name: string): Promise<string> {
  for (;;) {
    const list = (await admin.client('LIST')) as string;
    const line = list.split('\n').find((l) => l.includes(` name=${name} `));
    const id = line?.match(/^id=(\d+) /)?.[1];
    if (id !== undefined) return id;
    // The connection may be between CONNECT and CLIENT SETNAME; ask again.
    await delay(10);
  }
}
