import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtractError } from './errors.js';
import { ReaderSlots, readerSlots, runReader } from './readers.js';

const busy = (e: unknown): boolean => e instanceof ExtractError && e.code === 'busy' && e.transient;

describe('reader slots', () => {
  test('at most `limit` are held; waiters are served first come, first served', async () => {
    const slots = new ReaderSlots(2, 4);
    const a = await slots.acquire(0, 'X');
    const b = await slots.acquire(0, 'X');
    const order: string[] = [];
    const c = slots.acquire(60_000, 'X').then((release) => (order.push('c'), release));
    const d = slots.acquire(60_000, 'X').then((release) => (order.push('d'), release));
    assert.deepEqual([slots.running, slots.waiting], [2, 2]);
    a();
    a(); // a second release gives nothing back twice
    (await c)();
    b();
    (await d)();
    assert.deepEqual(order, ['c', 'd']);
    assert.deepEqual([slots.running, slots.waiting], [0, 0]);
  });

  test('a request with no time to wait, or behind a full queue, is busy at once; one that waits too long leaves the queue', async () => {
    const slots = new ReaderSlots(1, 1);
    const held = await slots.acquire(0, 'X');
    await assert.rejects(slots.acquire(0, 'PDF'), (e: unknown) => busy(e) && /^PDF text extraction could not start: .*\(1 at work\)/.test((e as Error).message));
    const waiter = slots.acquire(10, 'X');
    await assert.rejects(slots.acquire(60_000, 'X'), (e: unknown) => busy(e) && /1 at work and 1 waiting/.test((e as Error).message));
    await assert.rejects(waiter, (e: unknown) => busy(e) && /no reader was free within 10 ms/.test((e as Error).message));
    assert.equal(slots.waiting, 0);
    held();
    assert.equal(slots.running, 0, 'a slot given back with no one waiting is free again');
  });
});

describe('reader replies', () => {
  test('an answer that is not a reply is refused, the slot given back and the worker stopped; a crashed worker is not held against the file', async () => {
    const limits = { hardDeadlineMs: 5000, maxWaitMs: 1000, maxRssGrowthMb: 768, heapMb: 64 };
    const isReply = (m: Record<string, unknown>): boolean => typeof m.text === 'string';
    for (const reply of ['null', '42', '{ ok: true }', '{ ok: true, text: 5 }', '{ ok: false }']) {
      const source = `require('node:worker_threads').parentPort.postMessage(${reply});`;
      await assert.rejects(runReader('X', source, () => ({}), limits, isReply), /not a reply/, reply);
      assert.equal(readerSlots.running, 0, reply);
    }
    const crashed = await runReader('X', 'throw new Error("boom")', () => ({}), limits, isReply).catch((e: unknown) => e);
    assert.ok(crashed instanceof ExtractError && crashed.code === 'corrupt' && crashed.transient, String(crashed));
    assert.equal(readerSlots.running, 0);
  });
});
