import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDetector as run } from './run-detector.js';

describe('conduct detectors resist obfuscation', () => {
  test('spaced, leet, zero-width and homoglyph profanity map back to the original span', () => {
    for (const t of ['well f.u.c.k that', 'what a sh1t day', 'sh\u200Bit happens', 'ѕhit happens']) {
      const [s] = run('profanity', t);
      assert.ok(s, t);
      assert.match(t.slice(s.start, s.end).replace(/[^\p{L}0-9]/gu, ''), /^(fuck|sh1t|shit|ѕhit)$/i, t);
    }
  });
  test('harassment records the protected class', () => {
    const [s] = run('harassment', 'all muslims are vermin');
    assert.equal(s?.attributes?.protectedClass, 'religion');
    assert.deepEqual(run('harassment', 'we oppose discrimination against muslims'), []);
  });
  test('a directed insult is harassment without a protected class', () => {
    const [s] = run('harassment', 'you are a pathetic idiot');
    assert.equal(s?.attributes?.protectedClass, 'none');
  });
  test('one everyday word is not sexual content; explicit terms are', () => {
    assert.deepEqual(run('sexual_content', 'sex discrimination training on Friday'), []);
    assert.ok(run('sexual_content', 'send me nudes').length > 0);
  });
  test('threats need intent, a violent verb and a target', () => {
    assert.equal(run('threat', "I'm going to kill you").length, 1);
    assert.equal(run('threat', 'this bug will kill the build').length, 0);
  });
  test('jokes and gossip', () => {
    assert.equal(run('joke', 'Why did the scarecrow win an award? Because he was outstanding in his field.').length, 1);
    assert.equal(run('joke', "What's your email? jane@example.com").length, 0);
    assert.equal(run('gossip', "don't tell anyone but I heard that the director is leaving").length > 0, true);
  });
});
