import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForMatching } from '../normalize.js';
import { digitClusters } from './detector.js';
import { textInput } from './text-input.js';
import { Lexicon } from './lexicon.js';
import { hashRange, wordClass } from './words.js';

// Seeded generator (mulberry32): the same strings every run.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Letters of both cases, digits, every symbol the folding looks at, apostrophes, and a few units beyond ASCII.
const ASCII = "aAbBeEfFkKsStTzZ0145789 .-_*,/+~@$!|'#:?()\n";
const WIDE = `${ASCII}éЁас\u200b\u00adＡß\u{1F642}`;

function randomTexts(alphabet: string, count: number, seed: number): string[] {
  const r = rng(seed);
  const units = [...alphabet];
  return Array.from({ length: count }, () => {
    let s = '';
    const n = Math.floor(r() * 60);
    for (let i = 0; i < n; i++) s += units[Math.floor(r() * units.length)];
    return s;
  });
}

/** The words as the tokenizer defines them, from the folded text: runs of a-z, 0-9 and ', cut at 40, apostrophes trimmed. */
function referenceWords(folded: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of folded.matchAll(/[a-z0-9']+/g)) {
    for (let s = m.index; s < m.index + m[0].length; s += 40) {
      const end = Math.min(s + 40, m.index + m[0].length);
      const word = folded.slice(s, end).replace(/^'+|'+$/g, '');
      if (word !== '') out.push({ word, start: s, end });
    }
  }
  return out;
}

// Texts past the length up to which the scan alone checks for folding: plain ones, and ones with a sign late in them.
function longTexts(): string[] {
  const plain = 'Please review the draft budget for 2024 by Friday, call 304-555-0199 or write to the office. '.repeat(60);
  const out = [plain.slice(0, 1500), plain.slice(0, 5000)];
  for (const sign of ['h4te', 'a.b', 'x é y', 'f u c k']) out.push(`${plain.slice(0, 3000)} ${sign} ${plain.slice(0, 200)}`);
  return out;
}

const ZEBRA = wordClass(['zebra', "o'neil", '7up']);

describe('the one-pass word scan', () => {
  test('calls a text plain exactly when normalizeForMatching only lower-cases it', () => {
    const long = longTexts();
    assert.ok(long.some((t) => normalizeForMatching(t).plain) && long.some((t) => !normalizeForMatching(t).plain));
    const texts = [...randomTexts(ASCII, 4000, 1), ...randomTexts(WIDE, 1000, 2), ...longTexts(), 'a b', 'x.y', 'h4te', 'f u c k', 'Room 4B', 'it is 4 pm', '\u212Aey to \u0130stanbul'];
    for (const t of texts) {
      const n = textInput(t).normalized();
      const expected = normalizeForMatching(t);
      assert.equal(n.plain, expected.plain, JSON.stringify(t).slice(0, 200));
      assert.equal(n.text, expected.text);
    }
  });

  test('finds the words, their hashes and their classes, and the digit clusters of the original', () => {
    const long = `${'x'.repeat(95)} 'zebra' O'Neil 7UP Zebras`;
    for (const t of [...randomTexts(ASCII, 2000, 3), ...randomTexts(WIDE, 1000, 4), ...longTexts(), long]) {
      const input = textInput(t);
      const folded = input.normalized().text;
      const table = input.tokenTable();
      const want = referenceWords(folded);
      assert.deepEqual(input.tokens().map((w) => ({ word: w.word, start: w.start, end: w.end })), want, JSON.stringify(t));
      assert.equal(table.count, want.length);
      for (let i = 0; i < want.length; i++) {
        const w = want[i] as { word: string; start: number; end: number };
        assert.equal(table.hash(i), hashRange(folded, w.start, w.end));
        assert.equal(table.inClass(i, ZEBRA), ['zebra', "o'neil", '7up'].includes(w.word), `${JSON.stringify(t)} ${w.word}`);
        assert.equal(input.tokenStartingAt(input.normalized().map[w.start] as number), i);
      }
      assert.equal(input.hasAnyWord(ZEBRA), want.some((w) => ['zebra', "o'neil", '7up'].includes(w.word)));
      assert.deepEqual(input.digitSpans(), digitClusters(t).spans, JSON.stringify(t));
      assert.equal(input.digitRun(), digitClusters(t).longest);
    }
  });

  test('digit clusters, written out: digits joined by up to two of - . / ( ) + space', () => {
    // Fixed answers, not another run of the same code: the comparisons above check the scan against DigitClusters.
    const cases: [string, number[], number][] = [
      ['call 304-555-0199 now', [5, 17], 10],
      ['(304) 555-0199', [1, 14], 10],
      ['a1b2', [1, 2, 3, 4], 1],
      ['ssn 123 45 6789 and 12', [4, 15, 20, 22], 9],
      ['x 1.2.3.4 y', [2, 9], 4],
      ['12 -- 34', [0, 2, 6, 8], 2],
      ['no digits here', [], 0],
    ];
    for (const [t, spans, longest] of cases) {
      const input = textInput(t);
      assert.deepEqual(input.digitSpans(), spans, t);
      assert.equal(input.digitRun(), longest, t);
    }
  });

  test('keeps the words of earlier texts intact while later ones are scanned', () => {
    const first = textInput('keep these words');
    const table = first.tokenTable();
    for (let i = 0; i < 20000; i++) textInput(`filler text number ${i} with several words in it`).tokenTable();
    assert.deepEqual(first.tokens().map((t) => t.word), ['keep', 'these', 'words']);
    assert.equal(table.hash(2), hashRange('keep these words', 11, 16));
  });

  test('a lexicon made after texts were scanned still matches the words it lists', () => {
    const before = new Lexicon('TEST', 'quokka');
    assert.equal(before.findIn(textInput('a quokka and a wombat'), 1).length, 1);
    const later = new Lexicon('TEST', 'wombat quokka');
    assert.deepEqual(later.findIn(textInput('a quokka and a wombat'), 1).map((s) => s.explanation), ['lexicon test: "quokka"', 'lexicon test: "wombat"']);
  });
});
