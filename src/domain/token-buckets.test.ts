import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from './token-buckets.js';

test('a burst up to capacity passes, then the wait until the next token is reported', () => {
  let t = 0;
  const b = new TokenBuckets(3, 1, () => t);
  assert.deepEqual([b.take('u'), b.take('u'), b.take('u')], [0, 0, 0]);
  assert.equal(b.take('u'), 1000);
  t += 500;
  assert.equal(b.take('u'), 500);
  t += 500;
  assert.equal(b.take('u'), 0);
});

test('keys are independent and refill never exceeds capacity', () => {
  let t = 0;
  const b = new TokenBuckets(2, 10, () => t);
  b.take('a');
  b.take('a');
  assert.equal(b.take('b'), 0);
  t += 60_000;
  assert.deepEqual([b.take('a'), b.take('a'), b.take('a') > 0], [0, 0, true]);
});

test('a cost above capacity is never allowed', () => {
  const b = new TokenBuckets(2, 1, () => 0);
  assert.ok(b.take('x', 3) > 0);
});
