import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedRegexEngine, RegexRejectedError, requiredLiteral, unsafePatternReason } from './regex-engine.js';
import { re2RegexEngine } from './regex-re2.js';

describe('regex engines', () => {
  test('the guarded engine refuses patterns that can backtrack exponentially', () => {
    for (const p of ['(a+)+$', '(a|aa)*b', '(x*)*y', '(\\w+\\s?)+$', '(a)\\1', '(?=a)a', '(?<!b)a', 'a{5000}']) {
      assert.notEqual(unsafePatternReason(p), null, p);
      assert.throws(() => guardedRegexEngine.compile(p, { ignoreCase: false }), RegexRejectedError, p);
    }
  });

  test('the guarded engine accepts ordinary admin patterns', () => {
    for (const p of ['\\bWV-\\d{4}\\b', '[\\w.]+@agency\\.gov', '(?:foo|bar)baz', '(ab)+c', 'colou?r']) {
      assert.equal(unsafePatternReason(p), null, p);
    }
    const m = guardedRegexEngine.compile('case-\\d{3}', { ignoreCase: true }).findAll('CASE-123 and case-456', 10);
    assert.deepEqual(m, [{ start: 0, end: 8 }, { start: 13, end: 21 }]);
  });

  test('RE2 runs a pathological pattern in linear time', () => {
    const p = re2RegexEngine.compile('(a+)+$', { ignoreCase: false });
    const input = 'a'.repeat(200_000) + 'b';
    const t0 = process.hrtime.bigint();
    assert.deepEqual(p.findAll(input, 10), []);
    // Generous bound: a backtracking engine would not finish at all.
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e9 < 5);
  });

  test('RE2 rejects backreferences with a clear error, and reports UTF-16 offsets', () => {
    assert.throws(() => re2RegexEngine.compile('(a)\\1', { ignoreCase: false }), RegexRejectedError);
    assert.deepEqual(re2RegexEngine.compile('é+', { ignoreCase: true }).findAll('😀xÉé', 5), [{ start: 3, end: 5 }]);
  });

  test('empty matches do not loop', () => {
    assert.deepEqual(guardedRegexEngine.compile('x*', { ignoreCase: false }).findAll('abc', 10), []);
    assert.deepEqual(re2RegexEngine.compile('x*', { ignoreCase: false }).findAll('abc', 10), []);
  });

  test('the literal gate only names text every match must contain', () => {
    assert.equal(requiredLiteral('\\bWV-(?:CASE|INV)-\\d{4}'), 'WV-');
    assert.equal(requiredLiteral('colou?r'), 'colo');
    assert.equal(requiredLiteral('foo{2}bar'), 'bar');
    assert.equal(requiredLiteral('ab|cd'), '');
    assert.equal(requiredLiteral('[\\w.]+@agency\\.gov'), '@agency.gov');
    // Case-insensitive patterns still match through the gate, including Unicode folding.
    assert.equal(re2RegexEngine.compile('wv-case', { ignoreCase: true }).findAll('see WV-CASE now', 5).length, 1);
    assert.equal(re2RegexEngine.compile('case', { ignoreCase: true }).findAll('CAſE', 5).length, 1);
  });
});
