import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compilePolicy, evaluate, parsePolicyPack, type EvaluationContext, type Message } from './index.js';
import { re2RegexEngine } from './regex-re2.js';
import { evaluateOffLoop, isDecisionReply, SCREEN_ON_LOOP_MAX_CHARS, textLength } from './evaluate-worker.js';
import { ExtractError } from './extract/errors.js';
import { READERS_MAX_CONCURRENT, readerSlots } from './extract/readers.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '..', '..', 'policies', 'wvot-po1010.yaml'), 'utf8');
const context: EvaluationContext = { roles: [], personType: 'employee', conversationType: 'group' };

/** An attachment's worth of ordinary text with personal data every `every` words, past the on-loop bound. */
function largeText(extra: string, every: number): string {
  const words = 'the quarterly report for the county road fund shows spending within budget this year'.split(' ');
  const out: string[] = [];
  for (let i = 0, n = 0; n < SCREEN_ON_LOOP_MAX_CHARS * 1.5; i++) {
    const w = i % every === every - 1 ? extra : words[i % words.length]!;
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

describe('evaluating a large message in a worker', () => {
  test('decides exactly as evaluate() on the event loop', async () => {
    const message: Message = {
      text: 'Report attached, call me at 304-555-0199',
      attachments: [
        { name: 'a.txt', size: 1, contentType: 'text/plain', text: largeText('jo.smith@wv.gov', 400) },
        { name: 'b.csv', size: 1, contentType: 'text/csv', text: largeText('123-45-6780', 5000) },
      ],
    };
    assert.ok(textLength(message) > SCREEN_ON_LOOP_MAX_CHARS * 2);
    const offLoop = await evaluateOffLoop(source, message, context);
    const onLoop = evaluate(compilePolicy(parsePolicyPack(source), { regex: re2RegexEngine }), message, context);
    assert.equal(offLoop.action, 'block', 'the SSN in the second attachment blocks it');
    assert.ok(offLoop.findings.some((f) => f.type === 'US_SSN' && f.attachment === 1));
    assert.deepEqual(offLoop, onLoop);
    assert.equal(readerSlots.running, 0, 'the slot is given back');
  });

  test('a reply is a decision only with a known action and consistent findings and rules', () => {
    const decision = evaluate(compilePolicy(parsePolicyPack(source), { regex: re2RegexEngine }), { text: 'ssn 536-22-1234, email a@wv.gov' }, context);
    assert.ok(isDecisionReply({ ok: true, decision }));
    const redacted = evaluate(compilePolicy(parsePolicyPack(source), { regex: re2RegexEngine }), { text: 'ship it to 1200 Quarrier Street' }, context);
    assert.equal(redacted.action, 'redact');
    assert.ok(isDecisionReply({ ok: true, decision: redacted }));
    const bad = [
      { ...decision, action: 'Block' },
      { ...decision, findings: 'none' },
      { ...decision, rules: [{ ...decision.rules[0], findings: [decision.findings.length] }] },
      { ...decision, rules: [{ ...decision.rules[0], action: 'deliver' }] },
      { ...decision, findings: [{ ...decision.findings[0], start: '0' }] },
      { ...decision, redactedText: 5 },
      { ...decision, action: 'redact' },
      { ...decision, action: 'allow', redactedText: 'x' },
      null,
    ];
    for (const d of bad) assert.equal(isDecisionReply({ ok: true, decision: d }), false, JSON.stringify(d));
  });

  test('no free slot within the wait is `busy`, and nothing runs', async () => {
    const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
    try {
      await assert.rejects(evaluateOffLoop(source, { text: 'hello' }, context, { maxWaitMs: 20 }),
        (e: unknown) => e instanceof ExtractError && e.code === 'busy' && /^policy check/.test(e.message));
    } finally {
      for (const release of held) release();
    }
    assert.equal(readerSlots.running, 0);
  });

  test('an engine that does not load is a server fault, not a decision', async () => {
    const missing = pathToFileURL(join(here, 'no-such-engine.js')).href;
    await assert.rejects(evaluateOffLoop(source, { text: 'hello' }, context, { module: missing }),
      (e: unknown) => e instanceof Error && !(e instanceof ExtractError) && /policy check reader could not start/.test(e.message));
  });

  test('a pack that does not parse in the worker is reported, not taken as "allow"', async () => {
    await assert.rejects(evaluateOffLoop('version: [', { text: 'hello' }, context), /policy check reader could not start/);
  });
});
