import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoryRegexEngine } from './regex-advisory.js';

test('the advisory engine runs safe patterns and skips ones that could backtrack, without throwing', () => {
  const skipped: string[] = [];
  const engine = advisoryRegexEngine(skipped);
  assert.deepEqual(engine.compile('CASE-\\d{4}', { ignoreCase: true }).findAll('see case-2024 and CASE-1999', 10), [{ start: 4, end: 13 }, { start: 18, end: 27 }]);
  const evil = engine.compile('(a+)+$', { ignoreCase: false });
  assert.deepEqual(evil.findAll(`${'a'.repeat(40)}!`, 10), []);
  assert.deepEqual(engine.compile('(?<=x)y', { ignoreCase: false }).findAll('xy', 10), []);
  assert.deepEqual(skipped, ['(a+)+$', '(?<=x)y']);
});
