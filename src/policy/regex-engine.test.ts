import { describe, test } from 'node:test';
import RE2 from 're2';
import { seeded } from '../../test/support/seeded.js';
import assert from 'node:assert/strict';
import { guardedRegexEngine, RegexRejectedError, requiredAlternatives, requiredLiteral, unsafePatternReason } from './regex-engine.js';
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
    // A literal then a group of literal choices: one of the choices, each with the literal before it.
    assert.deepEqual(requiredAlternatives('(?:^|\\s)@(?:all|everyone|channel|here)\\b'), ['@all', '@everyone', '@channel', '@here']);
    assert.deepEqual(requiredAlternatives('\\bWV-(?:CASE|INV)-\\d{4}'), ['WV-CASE', 'WV-INV']);
    assert.deepEqual(requiredAlternatives('a\\.(?:b\\||c)'), ['a.b|', 'a.c']);
    // No gate for syntax the scan does not model: inline flags, escapes that take what follows, POSIX classes, astral characters.
    for (const p of ['(?i)abc', '\\x41bc', '\\u0041bc', '\\101bc', '\\pLab', '[[:digit:]]ab', '[]a]bc', 'ab😀?c', '\\Qab\\E', '\\cJfoo', '\\kfoo']) {
      assert.deepEqual(requiredAlternatives(p), [], p);
    }
    // Not when the group is quantified, holds anything but literals, or a top-level | makes the whole optional.
    assert.deepEqual(requiredAlternatives('@(?:all|here)?'), ['@']);
    assert.deepEqual(requiredAlternatives('@(?:all|h.re)'), ['@']);
    assert.deepEqual(requiredAlternatives('x(?:ab|cd)|y'), []);
    assert.deepEqual(requiredAlternatives('colou?r(?:s|ed)'), ['colo']);
    for (const [pattern, text, found] of [['(?:^|\\s)@(?:all|here)\\b', 'mail jo@wv.gov', 0], ['(?:^|\\s)@(?:all|here)\\b', 'ping @here now', 1],
      ['(?:^|\\s)@(?:all|here)\\b', 'ping @HERE now', 0]] as const) {
      assert.equal(re2RegexEngine.compile(pattern, { ignoreCase: false }).findAll(text, 5).length, found, text);
    }
    assert.equal(re2RegexEngine.compile('@(?:all|here)', { ignoreCase: true }).findAll('ping @HERE now', 5).length, 1);
  });

  test('the gate never hides a match: generated patterns and texts, with and without it', () => {
    const random = seeded(5310);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const pieces = ['a', 'b', '@', '\\.', '\\d', '\\b', '\\s', 'x?', '(?:a|b)', '(?:ab|ba)', '(?:a|@b)?', '(?:^|\\s)', '[ab]', '.', 'c|', '(?:b|ca)+',
      '\\x41', '\\u0041', '\\pL', '\\101', '[[:digit:]]', '[]a]', '(?i)', '(?-i)', '😀?', '\\Qa.\\E', 'ſ', 'k', '\\cJ', '\\n'];
    const letters = ['a', 'b', 'c', '@', '.', ' ', '1', 'A', 'B', ']', 'ſ', 'S', 's', 'K', '\u212a', '😀', '\ud83d', '\n'];
    for (let n = 0; n < 400; n++) {
      const pattern = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(pieces)).join('');
      const ignoreCase = random() < 0.5;
      let raw: InstanceType<typeof RE2>;
      try {
        raw = new RE2(pattern, ignoreCase ? 'giu' : 'gu');
      } catch {
        continue;
      }
      const gated = re2RegexEngine.compile(pattern, { ignoreCase });
      for (let k = 0; k < 20; k++) {
        const text = Array.from({ length: Math.floor(random() * 12) }, () => pick(letters)).join('');
        const expected: { start: number; end: number }[] = [];
        raw.lastIndex = 0;
        for (let m = raw.exec(text); m !== null && expected.length < 50; m = raw.exec(text)) {
          if (m[0].length === 0) {
            raw.lastIndex = m.index + 1;
            if (raw.lastIndex > text.length) break;
            continue;
          }
          expected.push({ start: m.index, end: m.index + m[0].length });
        }
        assert.deepEqual(gated.findAll(text, 50), expected, `${pattern} (${ignoreCase ? 'i' : ''}) on ${JSON.stringify(text)}`);
      }
    }
    // Case-insensitive patterns still match through the gate, including Unicode folding.
    assert.equal(re2RegexEngine.compile('wv-case', { ignoreCase: true }).findAll('see WV-CASE now', 5).length, 1);
    assert.equal(re2RegexEngine.compile('case', { ignoreCase: true }).findAll('CAſE', 5).length, 1);
  });
});
