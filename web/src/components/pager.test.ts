import { test } from 'node:test';
import assert from 'node:assert/strict';
import { back, cursorOf, firstPage, forward, inScope } from './pager';

test('paging forward remembers the way back; the first page has no cursor', () => {
  let s = firstPage<string>('q=a');
  assert.equal(cursorOf(s), undefined);
  s = forward(s, 'anna');
  s = forward(s, 'bob');
  assert.deepEqual([cursorOf(s), s.trail.length], ['bob', 3]);
  s = back(s);
  assert.equal(cursorOf(s), 'anna');
  s = back(back(s));
  assert.deepEqual([cursorOf(s), s.trail.length], [undefined, 1]);
});

test('changing the filters starts again at page one', () => {
  const s = forward(firstPage<number>('action='), 40);
  assert.equal(inScope(s, 'action='), s);
  assert.deepEqual(inScope(s, 'action=user.create'), { scope: 'action=user.create', trail: [undefined] });
});
