/**
 * The lexicon's per-word match cache (lexicon.ts) must not keep messages alive:
 * a word is a slice of its message, and a long slice points into the whole text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runDetector } from './run-detector.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('long words met in large messages do not keep those messages in memory', () => {
  const filler = ' lorem ipsum dolor'.repeat(6000); // about 108 KB a message
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 300; i++) {
    // A distinct 16-letter word each time, starting with a lexicon word so that its matches are looked up.
    const word = `fuck${i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!).padStart(12, 'q')}`;
    runDetector('profanity', `${word}${filler}`);
  }
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 1e6;
  // Kept whole, the 300 messages would be about 32 MB.
  assert.ok(grown < 8, `the heap grew by ${grown.toFixed(1)} MB`);
});
