import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compilePolicy, evaluate, parsePolicyPack, type EvaluationContext } from '../policy/index.js';
import { re2RegexEngine } from '../policy/regex-re2.js';
import { AppError } from '../domain/errors.js';
import { READERS_MAX_CONCURRENT, readerSlots } from '../policy/extract/readers.js';
import { evaluateLarge, SCREEN_FALLBACK_MAX_CHARS } from './content-policy.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '..', '..', 'policies', 'wvot-po1010.yaml'), 'utf8');
const engine = compilePolicy(parsePolicyPack(source), { regex: re2RegexEngine });
const context: EvaluationContext = { roles: [], personType: 'employee', conversationType: 'direct' };
const message = { text: 'my ssn is 536-22-1234' };

describe('evaluating a large message', () => {
  test('a worker that fails leaves the message to the event loop: decided all the same, never unscreened', async () => {
    const missing = pathToFileURL(join(here, 'no-such-engine.js')).href;
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const decision = await evaluateLarge({ source }, engine, message, context, { module: missing });
      assert.deepEqual(decision, evaluate(engine, message, context));
      assert.equal(decision.action, 'block');
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(warnings.some((w) => /policy check of a large message in a worker failed/.test(w)), warnings.join('\n'));
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a worker that could not run leaves only a message of modest size to the event loop; a larger one is asked again', async () => {
    const missing = pathToFileURL(join(here, 'no-such-engine.js')).href;
    const large = { text: 'see attached', attachments: [{ name: 'a.txt', size: 1, contentType: 'text/plain', text: 'word '.repeat(SCREEN_FALLBACK_MAX_CHARS / 5 + 1) }] };
    const onWarning = (): void => {};
    process.on('warning', onWarning);
    try {
      await assert.rejects(evaluateLarge({ source }, engine, large, context, { module: missing }),
        (e: unknown) => e instanceof AppError && e.code === 'unavailable' && /could not check its text just now/.test(e.message));
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a worker stopped for its heap refuses the message, one stopped by its clock asks for a retry; neither moves to the event loop', async () => {
    await assert.rejects(evaluateLarge({ source }, engine, message, context, { heapMb: 4 }),
      (e: unknown) => e instanceof AppError && e.code === 'payload_too_large' && /need more memory to check than the server allows/.test(e.message));
    await assert.rejects(evaluateLarge({ source }, engine, message, context, { hardDeadlineMs: 1 }),
      (e: unknown) => e instanceof AppError && e.code === 'unavailable' && /did not finish in time/.test(e.message));
    assert.equal(readerSlots.running, 0);
  });

  test('no free slot is a retryable `unavailable`, not a decision', async () => {
    const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
    try {
      await assert.rejects(evaluateLarge({ source }, engine, message, context, { maxWaitMs: 10 }),
        (e: unknown) => e instanceof AppError && e.code === 'unavailable' && (e.data as { retryAfterSeconds?: number }).retryAfterSeconds === 10);
    } finally {
      for (const release of held) release();
    }
  });
});
