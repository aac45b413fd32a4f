import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForMatching, toOriginal } from './normalize.js';

describe('normalizeForMatching', () => {
  test('folds spacing, leetspeak, invisibles and look-alikes', () => {
    assert.equal(normalizeForMatching('F.U.C.K').text, 'fuck');
    assert.equal(normalizeForMatching('h4te').text, 'hate');
    assert.equal(normalizeForMatching('s\u200Be\u202Ex').text, 'sex');
    assert.equal(normalizeForMatching('ѕех').text, 'sex');
    assert.equal(normalizeForMatching('Ｆｕｌｌ').text, 'full');
  });
  test('drops a symbol stuck inside a word, but keeps sentence breaks', () => {
    assert.equal(normalizeForMatching('sh.it and f*ck and b_itch').text, 'shit and fck and bitch');
    assert.equal(normalizeForMatching('the end.Then more').text, 'the end.then more');
  });
  test('an exclamation mark is a letter inside a word, and punctuation after one', () => {
    assert.equal(normalizeForMatching('@ops sh!t, the d!ff').text, 'aops shit, the diff');
    assert.equal(normalizeForMatching('@ops well done! great work!!').text, 'aops well done! great work!!');
  });
  test('leaves numbers outside words alone', () => {
    assert.equal(normalizeForMatching('room 4 costs $5').text, 'room 4 costs $5');
  });
  test('maps normalized spans back to original offsets', () => {
    const src = 'an f.o\u200B.o bar';
    const n = normalizeForMatching(src);
    const i = n.text.indexOf('foo');
    assert.equal(n.text, 'an foo bar');
    assert.deepEqual(toOriginal(n, i, i + 3), { start: 3, end: 9 });
  });
  test('text that stays beyond ASCII after folding keeps its characters, short or long', () => {
    assert.equal(normalizeForMatching('Ｆｕｌｌ 東京 naïve ÿ').text, 'full 東京 naive y');
    const long = `${'東京 f.o.o '.repeat(300)}end`;
    const n = normalizeForMatching(long);
    assert.equal(n.text, `${'東京 foo '.repeat(300)}end`);
    assert.equal(n.map.length, n.text.length + 1);
  });
  test('a map stays valid after many later folds', () => {
    // Maps are views of a shared pool: folding enough text to fill it several times must not overwrite an earlier one.
    const first = normalizeForMatching('an f.o.o bar');
    const before = Array.from(first.map);
    for (let i = 0; i < 5000; i++) normalizeForMatching(`x${i} s.h.i.t ${'word '.repeat(i % 50)}`);
    assert.deepEqual(Array.from(first.map), before);
    const i = first.text.indexOf('foo');
    assert.deepEqual(toOriginal(first, i, i + 3), { start: 3, end: 8 });
  });
  test('lone surrogates survive without throwing', () => {
    const n = normalizeForMatching('a\uD800b\uDC00c');
    assert.equal(n.map.length, n.text.length + 1);
    assert.equal(n.text, 'a\uD800b\uDC00c');
  });
});
