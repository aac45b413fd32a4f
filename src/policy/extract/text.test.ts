import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, wellFormed } from './text.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
function utf16(s: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const units = [...(bom ? '\uFEFF' : ''), ...s].join('');
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i + (bigEndian ? 1 : 0)] = u & 0xff;
    out[2 * i + (bigEndian ? 0 : 1)] = u >> 8;
  }
  return out;
}

describe('text decoding', () => {
  const line = 'Name: José Núñez, SSN 536-22-1234\n';

  test('UTF-8, with and without a BOM', () => {
    assert.deepEqual(decodeText(utf8(line), 1000), { text: line, encoding: 'utf-8', cut: false });
    assert.equal(decodeText(utf8('\uFEFF' + line), 1000).text, line);
  });

  test('UTF-16 in both byte orders, with a BOM or without one', () => {
    for (const bigEndian of [false, true]) {
      for (const bom of [true, false]) {
        const r = decodeText(utf16(line, bigEndian, bom), 1000);
        assert.deepEqual([r.text, r.encoding], [line, bigEndian ? 'utf-16be' : 'utf-16le'], `bigEndian=${bigEndian} bom=${bom}`);
      }
    }
  });

  test('bytes that are not UTF-8 are read as Windows-1252, not as replacement characters', () => {
    const latin = Uint8Array.from([...'Jos', 0xe9, ...' 536-22-1234 ', 0x93, ...'ok', 0x94].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)));
    assert.deepEqual(decodeText(latin, 1000), { text: 'José 536-22-1234 \u201cok\u201d', encoding: 'windows-1252', cut: false });
  });

  test('a lone surrogate in UTF-16 becomes U+FFFD; so does one in any string', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]);
    assert.equal(decodeText(bytes, 1000).text, 'A\uFFFDB');
    assert.equal(wellFormed('a\uD800b\uDC00c\uD83D\uDE00'), 'a\uFFFDb\uFFFDc\uD83D\uDE00');
  });

  test('only the bytes that can hold maxChars units are decoded; the cut is reported', () => {
    const big = utf8('é'.repeat(1_000_000));
    const r = decodeText(big, 10);
    assert.equal(r.cut, true);
    // (10 + 1) * 3 bytes of two-byte characters: 16 whole characters and half of one, dropped.
    assert.equal(r.text, 'é'.repeat(16));
    assert.equal(decodeText(utf8('é'.repeat(10)), 10).cut, false);
    const r16 = decodeText(utf16('x'.repeat(1000), false, true), 10);
    assert.deepEqual([r16.text.length, r16.cut], [11, true]);
  });

  test('a NUL-riddled binary file is not taken for UTF-16', () => {
    const bin = new Uint8Array(4096).map((_, i) => (i % 7 === 0 ? 0 : 0x41 + (i % 26)));
    assert.equal(decodeText(bin, 10_000).encoding, 'utf-8');
  });
});
