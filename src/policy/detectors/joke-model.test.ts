import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JOKE_MAX_CHARS, JOKE_MIN_PROBABILITY, decodeWeights, jokeFeatures, jokeProbability, jokeScore } from './joke-model.js';
import { JOKE_WEIGHTS } from './joke-weights.js';
import { textInput } from './text-input.js';
import { runDetector } from './run-detector.js';

describe('joke classifier', () => {
  test('features are buckets of the folded words and their pairs, the same for obfuscated text', () => {
    const a = jokeFeatures(textInput('Why is the printer down?'), 1024);
    assert.equal(a.length, 5 * 2 + 2);
    assert.ok(a.every((b) => b < 1024));
    assert.deepEqual(jokeFeatures(textInput('WHY is the pr1nter down?'), 1024), a);
    assert.notDeepEqual(jokeFeatures(textInput('the printer is down'), 1024), a);
  });
  test('the score is a logistic function of the summed weights', () => {
    const f = new Uint32Array([1, 2, 2]);
    const w = [0, 0.5, 0.25, 0];
    assert.equal(jokeScore(f, 0, w), 1 / (1 + Math.exp(-1)));
    assert.equal(jokeScore(f, -1, w, 1), 0.5);
  });
  test('the shipped weights decode to one int8 value per bucket; a malformed file is refused', () => {
    const w = decodeWeights(JOKE_WEIGHTS);
    assert.equal(w.data.length, JOKE_WEIGHTS.buckets);
    assert.ok(w.data.some((v) => v !== 0));
    assert.throws(() => decodeWeights({ ...JOKE_WEIGHTS, buckets: 8 }), /joke weights: \d+ values for 8 buckets/);
  });
  test('workplace messages are not jokes; long texts and texts without words are not scored', () => {
    for (const t of ['Can you sign the travel form by Thursday?', 'The scanner on the second floor is jammed again.',
      'Meeting moved to 3 pm in room 204, bring the audit findings.']) {
      assert.ok(jokeProbability(textInput(t)) < JOKE_MIN_PROBABILITY, t);
      assert.deepEqual(runDetector('joke', t), [], t);
    }
    assert.equal(jokeProbability(textInput('ha '.repeat(JOKE_MAX_CHARS))), 0);
    assert.equal(jokeProbability(textInput('?!? ...')), 0);
  });
  test('the word "joke" alone is not a joke; framing phrases are', () => {
    assert.deepEqual(runDetector('joke', 'the new deadline is a joke'), []);
    assert.equal(runDetector('joke', 'want to hear a joke about the copier').length, 1);
  });
});
