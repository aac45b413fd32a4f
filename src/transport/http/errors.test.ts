import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../domain/errors.js';
import { logLevelOf, toWireError } from './errors.js';

test('a 5xx is logged as an error, a busy node that names a retry as a warning, a refusal not at all', () => {
  const busy = toWireError(new AppError('unavailable', 'Not sent: attachment "a.pdf" could not be checked just now.', { retryAfterSeconds: 10 }));
  assert.deepEqual([busy.status, logLevelOf(busy)], [503, 'warn']);
  const down = toWireError(new AppError('unavailable', 'The database is unreachable.'));
  assert.deepEqual([down.status, logLevelOf(down)], [503, 'error']);
  assert.equal(logLevelOf(toWireError(new Error('boom'))), 'error');
  assert.equal(logLevelOf(toWireError(new AppError('rate_limited', 'Too fast.', { retryAfterSeconds: 1 }))), null);
});
