import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePolicyPack } from '../../../../src/policy/index.js';
import { coach, compileCoach, redactedToSend } from './coaching';
import { maskSpans } from './coach-marks';
import { splitRuns } from './frames';

const pack = parsePolicyPack(readFileSync(new URL('../../../../policies/wvot-po1010.yaml', import.meta.url), 'utf8'));
const c = compileCoach('v1', pack);
const employee = { agencyId: null, roles: ['employee'], personType: 'employee' };

test('an SSN is marked as blocked, with its rule and section', () => {
  const text = 'My SSN is 536-22-1234, thanks';
  const r = coach(c, text, employee, 'direct');
  assert.equal(r.action, 'block');
  const rule = r.rules.find((x) => x.rule === 'pii-government-ids');
  assert.ok(rule);
  assert.ok(rule.sections.length > 0);
  assert.deepEqual(r.marks.map((m) => [text.slice(m.start, m.end), m.action]), [['536-22-1234', 'block']]);
  assert.deepEqual(splitRuns(text, r.marks).map((x) => [x.text, x.span?.action ?? null]), [
    ['My SSN is ', null], ['536-22-1234', 'block'], [', thanks', null],
  ]);
});

test('a CONFIDENTIAL marking is coached as a warning; plain text is not coached at all', () => {
  assert.equal(coach(c, 'CONFIDENTIAL: the draft budget', employee, 'group').action, 'warn');
  assert.deepEqual(coach(c, 'Lunch at noon?', employee, 'direct'), { action: null, rules: [], marks: [] });
  assert.deepEqual(coach(c, `${'x'.repeat(9000)} 536-22-1234`, employee, 'direct').marks, [], 'texts past the bound are left to the server');
});

test('redact-and-send: offered for data (masked like the server masks), never for conduct', () => {
  const text = 'SSN 536-22-1234 for the file';
  const blocked = { rules: [{ rule: 'pii-government-ids' }], findings: [{ type: 'US_SSN', start: 4, end: 15 }] };
  assert.equal(redactedToSend(c, text, blocked, employee, 'direct'), `SSN ${'█'.repeat(11)} for the file`);
  assert.equal(redactedToSend(c, text, { ...blocked, findings: [{ type: 'X', start: 0, end: 0, attachment: 0 }] }, employee, 'direct'), null);
  assert.equal(redactedToSend(c, 'you people are all idiots', { rules: [{ rule: 'harassment-discrimination' }], findings: [{ type: 'x', start: 0, end: 10 }] }, employee, 'direct'), null);
  assert.equal(maskSpans('ab😀cd', [{ type: 'x', start: 2, end: 4 }]), 'ab██cd', 'offsets are UTF-16 code units');
});

test('a pack whose administrator pattern could backtrack still compiles for coaching; that pattern is skipped', () => {
  const risky = { ...pack, rules: [...pack.rules, {
    id: 'risky', sections: ['4.3'], category: 'custom' as const, message: 'risky', severity: 'low' as const, action: 'block' as const,
    overridableBy: [], enabled: true, detectors: [{ id: 'regex', params: { patterns: ['(a+)+$', 'PROJ-\\d{3}'] } }],
  }] };
  const k = compileCoach('v2', risky);
  assert.deepEqual(k.skippedPatterns, ['(a+)+$']);
  assert.equal(coach(k, 'about PROJ-123', employee, 'direct').rules[0]?.rule, 'risky');
});
