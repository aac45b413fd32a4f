import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtractionCache, extractionKey } from './cache.js';
import { ExtractError } from './errors.js';
import type { ExtractedText } from './extract.js';

const SHA = 'a'.repeat(64);
const text = (t: string, more: Partial<ExtractedText> = {}): ExtractedText => ({ format: 'txt', text: t, ...more });

/** A loader that counts its calls and answers as told. */
function loader(answer: () => Promise<ExtractedText>): { load: () => Promise<ExtractedText>; calls: () => number } {
  let calls = 0;
  return { load: () => (calls++, answer()), calls: () => calls };
}

describe('extraction cache', () => {
  test('a second request for the same key does not extract again', async () => {
    const cache = new ExtractionCache(10_000);
    const l = loader(async () => text('SSN 536-22-1234'));
    const key = extractionKey(SHA, 'txt', { maxBytes: 100 });
    assert.equal((await cache.get(key, l.load)).text, 'SSN 536-22-1234');
    assert.equal((await cache.get(key, l.load)).text, 'SSN 536-22-1234');
    assert.equal(l.calls(), 1);
    assert.deepEqual([cache.stats().loads, cache.stats().hits], [1, 1]);
  });

  test('the key holds the hash, the format and every limit; nothing else', () => {
    const base = extractionKey(SHA, 'pdf', { maxBytes: 100, pdf: { maxPages: 5, timeBudgetMs: 10 } });
    assert.equal(extractionKey(SHA, 'pdf', { pdf: { timeBudgetMs: 10, maxPages: 5 }, maxBytes: 100 }), base, 'the order of the options does not matter');
    assert.equal(extractionKey(SHA, 'pdf', { maxBytes: 100, maxChars: undefined, pdf: { maxPages: 5, timeBudgetMs: 10 } }), base);
    for (const other of [
      extractionKey('b'.repeat(64), 'pdf', { maxBytes: 100, pdf: { maxPages: 5, timeBudgetMs: 10 } }),
      extractionKey(SHA, 'txt', { maxBytes: 100, pdf: { maxPages: 5, timeBudgetMs: 10 } }),
      extractionKey(SHA, 'pdf', { maxBytes: 101, pdf: { maxPages: 5, timeBudgetMs: 10 } }),
      extractionKey(SHA, 'pdf', { maxBytes: 100, pdf: { maxPages: 6, timeBudgetMs: 10 } }),
      extractionKey(SHA, 'pdf', { maxBytes: 100, maxChars: 10, pdf: { maxPages: 5, timeBudgetMs: 10 } }),
    ]) assert.notEqual(other, base);
  });

  test('bounded by total size: the least recently used results go first', async () => {
    // Keys are 8 characters; each entry costs its text, its key and 64.
    const cache = new ExtractionCache(3 * (64 + 8 + 100));
    const hundred = (c: string) => async () => text(c.repeat(100));
    for (const k of ['key-0001', 'key-0002', 'key-0003']) await cache.get(k, hundred(k.at(-1) as string));
    assert.equal(cache.stats().entries, 3);
    await cache.get('key-0001', hundred('x')); // touched: now the most recently used
    await cache.get('key-0004', hundred('4')); // one over the budget: key-0002 goes
    const again = loader(hundred('!'));
    assert.equal((await cache.get('key-0001', again.load)).text, '1'.repeat(100));
    assert.equal((await cache.get('key-0003', again.load)).text, '3'.repeat(100));
    assert.equal(again.calls(), 0);
    assert.equal((await cache.get('key-0002', again.load)).text, '!'.repeat(100), 'the evicted entry is read again');
    assert.ok(cache.stats().chars <= 3 * (64 + 8 + 100));
    // A result larger than the whole budget is handed out but not kept; nothing else is pushed out for it.
    const big = loader(async () => text('b'.repeat(1000)));
    assert.equal((await cache.get('key-big!', big.load)).text.length, 1000);
    await cache.get('key-big!', big.load);
    assert.equal(big.calls(), 2);
    assert.equal(cache.stats().entries, 3);
  });

  test('requests for the same key at once share one extraction, success or failure', async () => {
    const cache = new ExtractionCache(10_000);
    let finish!: (t: ExtractedText) => void;
    const l = loader(() => new Promise((resolve) => (finish = resolve)));
    const all = Array.from({ length: 5 }, () => cache.get('k', l.load));
    finish(text('once'));
    assert.deepEqual((await Promise.all(all)).map((r) => r.text), Array(5).fill('once'));
    assert.deepEqual([l.calls(), cache.stats().joined], [1, 4]);

    let fail!: (e: Error) => void;
    const f = loader(() => new Promise((_, reject) => (fail = reject)));
    const failing = Array.from({ length: 3 }, () => cache.get('busy', f.load));
    fail(new ExtractError('busy', 'no reader'));
    for (const p of failing) await assert.rejects(p, (e: unknown) => e instanceof ExtractError && e.code === 'busy' && e.transient);
    assert.equal(f.calls(), 1);
  });

  test('failures of the file are kept; failures of the node, and text cut by a clock, are not', async () => {
    const cache = new ExtractionCache(10_000);
    for (const [code, transient] of [['corrupt', false], ['unsupported_type', false], ['too_large', false], ['timeout', true], ['busy', true]] as const) {
      const l = loader(async () => {
        throw new ExtractError(code, `${code} reason`);
      });
      for (let i = 0; i < 2; i++) {
        await assert.rejects(cache.get(code, l.load), (e: unknown) => e instanceof ExtractError && e.code === code && e.message === `${code} reason` && e.transient === transient);
      }
      assert.equal(l.calls(), transient ? 2 : 1, `${code} ${transient ? 'is tried again' : 'is kept'}`);
    }
    // A stop on the process's memory is too_large, but says more about the node than the file.
    const rss = loader(async () => {
      throw new ExtractError('too_large', 'PDF needs more than 768 MB of memory to read and was stopped', { transient: true });
    });
    for (let i = 0; i < 2; i++) await assert.rejects(cache.get('rss', rss.load));
    assert.equal(rss.calls(), 2);
    const timed = loader(async () => text('page 1', { incomplete: 'reading stopped at the time limit after 1 of 9 pages', transient: true }));
    await cache.get('timed', timed.load);
    await cache.get('timed', timed.load);
    assert.equal(timed.calls(), 2);
    // Anything else (a blob that cannot be opened, a bug) is passed on, not kept.
    const broken = loader(async () => {
      throw new Error('EIO');
    });
    for (let i = 0; i < 2; i++) await assert.rejects(cache.get('eio', broken.load), /EIO/);
    assert.equal(broken.calls(), 2);
  });

  test('a result is frozen: one caller cannot change what another is given', async () => {
    const cache = new ExtractionCache(10_000);
    const first = await cache.get('k', async () => text('fixed'));
    // A caller that tries to change its result (ESM modules are strict: assigning to a frozen property throws).
    assert.throws(() => {
      (first as { text: string }).text = 'changed';
    }, TypeError);
    const second = await cache.get('k', async () => text('other'));
    assert.equal(second.text, 'fixed');
  });

  test('a budget of 0 keeps nothing', async () => {
    const cache = new ExtractionCache(0);
    const l = loader(async () => text('x'));
    await cache.get('k', l.load);
    await cache.get('k', l.load);
    assert.deepEqual([l.calls(), cache.stats().entries], [2, 0]);
  });
  test('a loader that throws before it returns a promise leaves nothing running: the next request loads again', async () => {
    const cache = new ExtractionCache(1000);
    let calls = 0;
    const load = (): Promise<ExtractedText> => {
      calls++;
      throw new ExtractError('busy', 'no reader');
    };
    for (let i = 0; i < 3; i++) await assert.rejects(cache.get('k', load), /no reader/);
    assert.equal(calls, 3);
  });
});
