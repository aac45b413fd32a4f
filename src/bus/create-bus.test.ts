import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Inbox } from './bus-contract.js';
import { createBus } from './create-bus.js';
import { InProcessBus } from './in-process-bus.js';
import { RedisBus } from './redis-bus.js';
import type { EventBus } from './types.js';

/** One handler that always throws, then one that records: delivery must reach the second. */
async function failingThenHealthy(bus: EventBus): Promise<Inbox> {
  const inbox = new Inbox();
  await bus.subscribe('room.1', () => {
    throw new Error('handler failure');
  });
  await bus.subscribe('room.1', inbox.handler);
  return inbox;
}

describe('createBus', () => {
  it('builds the in-process bus when no Redis URL is configured', async () => {
    for (const config of [undefined, {}, { redisUrl: '' }]) {
      const bus = createBus(config);
      assert.ok(bus instanceof InProcessBus);
      await bus.close();
    }
  });

  it('builds a Redis bus when a Redis URL is configured', async () => {
    const bus = createBus({ redisUrl: process.env['PARLEY_REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix: 'parley-test:' });
    assert.ok(bus instanceof RedisBus);
    await bus.close();
  });

  it('without an onError sink, reports handler failures as process warnings and keeps delivering', async () => {
    const bus = createBus();
    const inbox = await failingThenHealthy(bus);
    const warning = once(process, 'warning');
    await bus.publish('room.1', { type: 'one' });
    const [reported] = (await warning) as [Error & { code?: string }];
    assert.equal(reported.code, 'bus.handler_failed');
    assert.deepEqual(await inbox.until(1), [{ type: 'one' }]);
    await bus.close();
  });

  it('survives an onError sink that itself throws', async () => {
    const bus = createBus({
      onError: () => {
        throw new Error('broken sink');
      },
    });
    const inbox = await failingThenHealthy(bus);
    const warning = once(process, 'warning');
    await bus.publish('room.1', { type: 'one' });
    await bus.publish('room.1', { type: 'two' });
    assert.equal(((await warning)[0] as Error).cause instanceof Error, true);
    assert.deepEqual(await inbox.until(2), [{ type: 'one' }, { type: 'two' }]);
    await bus.close();
  });
});
