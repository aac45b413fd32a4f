import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are RFC 9562 version 7 UUIDs carrying their millisecond', () => {
  const at = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
  const id = newId(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

test('ids made in later milliseconds sort after earlier ones, and ids never repeat', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => newId(1_700_000_000_000 + i));
  assert.deepEqual([...ids].sort(), ids);
  const same = new Set(Array.from({ length: 1000 }, () => newId(1_700_000_000_000)));
  assert.equal(same.size, 1000);
  for (const id of same) assert.match(id, UUID_V7);
});

test('a clock outside the 48-bit range is clamped, not turned into a malformed id', () => {
  assert.match(newId(-5), UUID_V7);
  assert.equal(newId(-5).slice(0, 13), '00000000-0000');
  assert.match(newId(2 ** 60), UUID_V7);
});
