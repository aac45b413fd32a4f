import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localPasswordProblem } from './password-rules';

test('a new password needs 12 characters, counted as people count them', () => {
  assert.equal(localPasswordProblem('short', 'short')?.field, 'newPassword');
  assert.equal(localPasswordProblem('🙂'.repeat(11), '🙂'.repeat(11))?.field, 'newPassword'); // 22 UTF-16 units, 11 characters
  assert.equal(localPasswordProblem('🙂'.repeat(12), '🙂'.repeat(12)), null);
});

test('the two copies must agree', () => {
  assert.deepEqual(localPasswordProblem('correct horse battery', 'correct horse batery'), { field: 'confirmPassword', message: 'The two new passwords differ.' });
});
