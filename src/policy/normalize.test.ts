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
  test('lone surrogates survive without throwing', () => {
    const n = normalizeForMatching('a\uD800b\uDC00c');
    assert.equal(n.map.length, n.text.length + 1);
  });
});
