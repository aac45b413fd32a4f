import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBreak } from './VerifyPanel';

test('a break reads as one sentence: where, what, the detail, how much held', () => {
  const text = describeBreak({
    ok: false, checked: 8, head: { seq: 12, hash: 'h' },
    firstBreak: { seq: 9, problem: 'altered', detail: 'entry 9 does not match its own hash: its content was changed' },
  });
  assert.equal(text, 'The chain is broken at entry 9 (altered). Entry 9 does not match its own hash: its content was changed. 8 entries verified before it.');
});
