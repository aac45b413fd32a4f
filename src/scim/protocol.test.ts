import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEMA, ScimError, groupMeaning, parseFilter, parseGroupPatch, parsePaging, parseUser, parseUserPatch } from './protocol.js';

const scimType = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ScimError);
    return e.scimType;
  }
  assert.fail('expected a ScimError');
};

test('filters: attribute names are case-insensitive, values are JSON string literals, nothing else passes', () => {
  assert.deepEqual(parseFilter('USERNAME eq "Alice"', ['userName']), { attribute: 'userName', value: 'Alice' });
  assert.deepEqual(parseFilter('userName EQ "a\\"b\\\\c\\u0041"', ['userName']), { attribute: 'userName', value: 'a"b\\cA' });
  for (const bad of ['userName eq "a" and active eq "true"', 'userName pr', 'userName eq "unterminated', 'userName eq "a\\x"', 'x'.repeat(2000)]) {
    assert.equal(scimType(() => parseFilter(bad, ['userName'])), 'invalidFilter', bad.slice(0, 40));
  }
});

test('paging clamps startIndex below 1 and count to [0, max]', () => {
  assert.deepEqual(parsePaging(undefined, undefined, 50), { offset: 0, limit: 50, startIndex: 1 });
  assert.deepEqual(parsePaging('-4', '-1', 50), { offset: 0, limit: 0, startIndex: 1 });
  assert.deepEqual(parsePaging('3', '999', 50), { offset: 2, limit: 50, startIndex: 3 });
  assert.equal(scimType(() => parsePaging('1e3', undefined, 50)), 'invalidValue');
});

test('users: defaults, name fallback, primary e-mail, and refusals', () => {
  const u = parseUser({ schemas: [SCHEMA.user], userName: 'a', name: { givenName: 'Ann', familyName: 'Lee' }, emails: [{ value: 'x@wv.gov' }, { value: 'p@wv.gov', primary: true }] });
  assert.deepEqual([u.displayName, u.email, u.active, u.externalId], ['Ann Lee', 'p@wv.gov', true, null]);
  assert.equal(scimType(() => parseUser({ schemas: [SCHEMA.user] })), 'invalidValue');
  assert.equal(scimType(() => parseUser({ userName: 'a' })), 'invalidSyntax');
  assert.equal(scimType(() => parseUser({ schemas: [SCHEMA.user], userName: 'a', __proto__x: 1 })), 'invalidSyntax');
  assert.equal(scimType(() => parseUser({ schemas: [SCHEMA.user], userName: 'a', emails: 'x@wv.gov' })), 'invalidValue');
  assert.equal(scimType(() => parseUser({ schemas: [SCHEMA.user], userName: 'a', emails: Array(21).fill({ value: 'x@wv.gov' }) })), 'tooMany');
  assert.equal(scimType(() => parseUser({ schemas: [SCHEMA.user], userName: 'x'.repeat(65) })), 'invalidValue');
});

test('user PATCH: paths, pathless values, removals; the rest refused', () => {
  const p = parseUserPatch({ schemas: [SCHEMA.patch], Operations: [
    { op: 'replace', value: { active: 'false', displayName: 'D' } },
    { op: 'add', path: `${SCHEMA.enterprise}:organization`, value: 'dhhr' },
    { op: 'remove', path: 'emails[type eq "work"]' },
  ] });
  assert.deepEqual(p, { active: false, displayName: 'D', organization: 'dhhr', email: null });
  assert.equal(scimType(() => parseUserPatch({ schemas: [SCHEMA.patch], Operations: [{ op: 'remove' }] })), 'noTarget');
  assert.equal(scimType(() => parseUserPatch({ schemas: [SCHEMA.patch], Operations: Array(101).fill({ op: 'add', path: 'active', value: true }) })), 'tooMany');
  assert.equal(scimType(() => parseUserPatch({ schemas: [SCHEMA.patch], Operations: [{ op: 'add', path: 7, value: 1 }] })), 'invalidPath');
});

test('group PATCH and names', () => {
  assert.deepEqual(parseGroupPatch({ schemas: [SCHEMA.patch], Operations: [
    { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
    { op: 'remove', path: 'members[value eq "u3"]' },
  ] }), { add: ['u1', 'u2'], remove: ['u3'] });
  assert.equal(scimType(() => parseGroupPatch({ schemas: [SCHEMA.patch], Operations: [{ op: 'replace', path: 'members', value: [] }] })), 'invalidPath');
  assert.deepEqual(groupMeaning('agency:dhhr'), { kind: 'agency', code: 'DHHR' });
  assert.deepEqual(groupMeaning('role:auditor'), { kind: 'role', role: 'auditor', code: null });
  assert.deepEqual(groupMeaning('role:agency_admin:dot'), { kind: 'role', role: 'agency_admin', code: 'DOT' });
  for (const bad of ['Agency:DHHR', 'agency:', 'role:', 'role:Auditor', 'admins']) assert.equal(scimType(() => groupMeaning(bad)), 'invalidValue', bad);
});
