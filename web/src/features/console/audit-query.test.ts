import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_AUDIT_FILTER, auditQuery } from './audit-query';

test('no filter sends nothing', () => {
  assert.deepEqual(Object.values(auditQuery(NO_AUDIT_FILTER)).filter((v) => v !== undefined), []);
});

test('dates become a [from, to) range of whole local days', () => {
  const q = auditQuery({ ...NO_AUDIT_FILTER, fromDate: '2026-03-07', toDate: '2026-03-07' });
  assert.equal(q.from, new Date(2026, 2, 7).getTime());
  assert.equal(q.to, new Date(2026, 2, 8).getTime());
  // Across a month end.
  assert.equal(auditQuery({ ...NO_AUDIT_FILTER, toDate: '2026-01-31' }).to, new Date(2026, 1, 1).getTime());
});

test('text filters are trimmed and the action lower-cased to match the stored codes', () => {
  const q = auditQuery({ ...NO_AUDIT_FILTER, action: ' User.Create ', actorId: ' u1 ', agencyId: 'a1' });
  assert.deepEqual([q.action, q.actorId, q.agencyId], ['user.create', 'u1', 'a1']);
  assert.equal(auditQuery({ ...NO_AUDIT_FILTER, fromDate: 'garbage' }).from, undefined);
});
