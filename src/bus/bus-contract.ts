// The behaviour every EventBus must share. Each implementation's test file is a
// call to runBusContract; rule IDs (BUS-n) match docs/subsystems/bus.md.
//
// Tests never sleep to "let delivery happen". They use barriers instead: a
// publisher's events reach a node in publish order, so once a later event has
// arrived, every earlier one has been dispatched too, and absence can be asserted.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusError, BusErrorHandler } from './errors.js';
import type { BusEvent, EventBus } from './types.js';

export type BusFactory = (onError: BusErrorHandler) => EventBus | Promise<EventBus>;

/** Records what a handler receives; `until(n)` resolves once n events are in. */
export class Inbox {
  readonly events: BusEvent[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];

  readonly handler = (event: BusEvent): void => {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((w) => (w.count <= this.events.length ? (w.resolve(), false) : true));
  };

  async until(count: number): Promise<BusEvent[]> {
    if (this.events.length < count) await new Promise<void>((resolve) => this.#waiters.push({ count, resolve }));
    return this.events;
  }
}

/** Lets queued microtasks and callbacks run (async handler rejections), without timing anything. */
export const drainEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function runBusContract(name: string, makeBus: BusFactory): void {
  describe(`EventBus contract: ${name}`, { timeout: 10_000 }, () => {
    let bus: EventBus;
    let errors: BusError[];

    beforeEach(async () => {
      errors = [];
      bus = await makeBus((error) => errors.push(error));
    });
    afterEach(() => bus.close());

    it('[BUS-1] delivers a published event to a subscriber of that channel, as published', async () => {
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      const event = { type: 'message.created', id: 7, body: 'héllo', tags: ['a'], meta: { edited: null, ok: true } };
      await bus.publish('room.1', event);
      assert.deepEqual(await inbox.until(1), [event]);
    });

    it('[BUS-2] does not deliver to subscribers of other channels', async () => {
      const a = new Inbox();
      const b = new Inbox();
      await bus.subscribe('room.a', a.handler);
      await bus.subscribe('room.b', b.handler);
      await bus.publish('room.b', { type: 'for.b' });
      await bus.publish('room.a', { type: 'for.a' });
      assert.deepEqual(await a.until(1), [{ type: 'for.a' }]);
      assert.deepEqual(await b.until(1), [{ type: 'for.b' }]);
    });

    it('[BUS-3] fans out to every subscription on the channel, one delivery per subscribe() call', async () => {
      const first = new Inbox();
      const second = new Inbox();
      await bus.subscribe('room.1', first.handler);
      await bus.subscribe('room.1', second.handler);
      await bus.subscribe('room.1', second.handler);
      await bus.publish('room.1', { type: 'ping' });
      assert.equal((await second.until(2)).length, 2);
      assert.deepEqual(await first.until(1), [{ type: 'ping' }]);
    });

    it('[BUS-4] preserves per-channel order from one publisher, even without awaiting each publish', async () => {
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      const count = 200;
      await Promise.all(Array.from({ length: count }, (_, seq) => bus.publish('room.1', { type: 'tick', seq })));
      const seqs = (await inbox.until(count)).map((event) => event['seq']);
      assert.deepEqual(seqs, Array.from({ length: count }, (_, seq) => seq));
    });

    it('[BUS-5] unsubscribe stops delivery to that subscription only, is idempotent, and the channel can be rejoined', async () => {
      const leaving = new Inbox();
      const staying = new Inbox();
      const unsubscribeLeaving = await bus.subscribe('room.1', leaving.handler);
      const unsubscribeStaying = await bus.subscribe('room.1', staying.handler);
      await unsubscribeLeaving();
      await unsubscribeLeaving();
      await bus.publish('room.1', { type: 'first' });
      await staying.until(1);
      assert.deepEqual(leaving.events, []);

      await unsubscribeStaying();
      const rejoined = new Inbox();
      await bus.subscribe('room.1', rejoined.handler);
      await bus.publish('room.1', { type: 'second' });
      assert.deepEqual(await rejoined.until(1), [{ type: 'second' }]);
      assert.deepEqual(staying.events, [{ type: 'first' }]);
    });

    it('[BUS-6] a throwing or rejecting handler is reported to onError and does not affect other handlers or later events', async () => {
      const healthy = new Inbox();
      await bus.subscribe('room.1', () => {
        throw new Error('sync boom');
      });
      await bus.subscribe('room.1', async () => {
        throw new Error('async boom');
      });
      await bus.subscribe('room.1', healthy.handler);
      await bus.publish('room.1', { type: 'one' });
      await bus.publish('room.1', { type: 'two' });
      assert.deepEqual(await healthy.until(2), [{ type: 'one' }, { type: 'two' }]);
      await drainEventLoop();
      assert.deepEqual(
        errors.map((e) => [e.code, e.data.channel, (e.cause as Error).message]).sort(),
        [
          ['bus.handler_failed', 'room.1', 'async boom'],
          ['bus.handler_failed', 'room.1', 'async boom'],
          ['bus.handler_failed', 'room.1', 'sync boom'],
          ['bus.handler_failed', 'room.1', 'sync boom'],
        ],
      );
    });

    it('[BUS-7] delivers a deep-frozen copy, unaffected by later changes to the published object', async () => {
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      const event = { type: 'message.created', nested: { list: [1, 2] } };
      await bus.publish('room.1', event);
      event.nested.list.push(3);
      const [received] = await inbox.until(1);
      assert.ok(received);
      assert.notEqual(received, event);
      assert.deepEqual(received, { type: 'message.created', nested: { list: [1, 2] } });
      assert.ok(Object.isFrozen(received) && Object.isFrozen(received['nested']));
      assert.throws(() => (received['nested'] as { list: number[] }).list.push(4), TypeError);
    });

    it('[BUS-8] publish rejects events that JSON would silently change, and delivers none of them', async () => {
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      const cyclic: Record<string, unknown> = { type: 'cyclic' };
      cyclic['self'] = cyclic;
      const invalid: unknown[] = [
        {},
        { type: '' },
        { type: 42 },
        [{ type: 'array' }],
        { type: 'nan', n: Number.NaN },
        { type: 'infinity', n: Number.POSITIVE_INFINITY },
        { type: 'undefined', u: undefined },
        { type: 'date', at: new Date(0) },
        { type: 'map', m: new Map() },
        { type: 'function', f: () => 1 },
        { type: 'bigint', b: 1n },
        { type: 'deep', list: [{ ok: true }, { bad: undefined }] },
        cyclic,
      ];
      for (const event of invalid) {
        await assert.rejects(bus.publish('room.1', event as BusEvent), { code: 'bus.invalid_event' });
      }
      await bus.publish('room.1', { type: 'valid' });
      assert.deepEqual(await inbox.until(1), [{ type: 'valid' }]);
    });

    it('[BUS-9] rejects an empty channel name', async () => {
      await assert.rejects(bus.publish('', { type: 'x' }), { code: 'bus.invalid_channel' });
      await assert.rejects(bus.subscribe('', () => {}), { code: 'bus.invalid_channel' });
    });

    it('[BUS-10] does not replay: a subscription sees only events published after it is live', async () => {
      await bus.publish('room.1', { type: 'before' });
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      await bus.publish('room.1', { type: 'after' });
      assert.deepEqual(await inbox.until(1), [{ type: 'after' }]);
    });

    it('[BUS-11] close stops delivery at once, is idempotent, and later use fails with bus.closed', async () => {
      const inbox = new Inbox();
      await bus.subscribe('room.1', inbox.handler);
      const publishing = bus.publish('room.1', { type: 'racing.close' });
      await bus.close();
      await publishing;
      await drainEventLoop();
      assert.deepEqual(inbox.events, []);
      await bus.close();
      await assert.rejects(bus.publish('room.1', { type: 'x' }), { code: 'bus.closed' });
      await assert.rejects(bus.subscribe('room.1', () => {}), { code: 'bus.closed' });
      await assert.rejects(bus.publishText('room.1', 'x'), { code: 'bus.closed' });
      await assert.rejects(bus.subscribeText('room.1', () => {}), { code: 'bus.closed' });
    });

    it('[BUS-12] a text channel carries text exactly as published, to every subscription, in order', async () => {
      const got: string[][] = [[], []];
      let done: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      for (const inbox of got) {
        await bus.subscribeText('text.1', (t) => {
          inbox.push(t);
          if (got.every((g) => g.length === 4)) done();
        });
      }
      // Not JSON, JSON, line breaks and characters beyond ASCII: none of it is the bus's business.
      const texts = ['not json {', '{"type":"x"}', 'line\nbreak\r\n', 'héllo \u{1F600} \u0000'];
      for (const t of texts) void bus.publishText('text.1', t);
      await all;
      assert.deepEqual(got, [texts, texts]);
    });

    it('[BUS-13] a channel carries events or text, never both; text must be a string', async () => {
      await bus.subscribeText('text.2', () => {});
      await assert.rejects(bus.subscribe('text.2', () => {}), { code: 'bus.invalid_channel' });
      await bus.subscribe('events.2', () => {});
      await assert.rejects(bus.subscribeText('events.2', () => {}), { code: 'bus.invalid_channel' });
      await assert.rejects(bus.publishText('text.2', 42 as unknown as string), { code: 'bus.invalid_event' });
      await assert.rejects(bus.publishText('', 'x'), { code: 'bus.invalid_channel' });
    });
  });
}
