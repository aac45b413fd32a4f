import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permissionsOf, type Role } from '../../../src/domain/roles';
import { homePath, matchRoute, mayOpen, navFor } from './routes';

/** The permissions GET /session reports for these roles (every user is an employee). */
const holding = (...roles: Role[]) => new Set(['employee', ...roles].flatMap((r) => permissionsOf(r as Role)));
const labels = (roles: Role[]) => navFor(holding(...roles)).map((n) => n.label);

test('navigation shows each role only what its permissions allow', () => {
  assert.deepEqual(labels([]), ['Chat', 'Profile']);
  assert.deepEqual(labels(['auditor']), ['Chat', 'Agencies', 'Users', 'Audit log', 'Policy', 'Profile']);
  assert.deepEqual(labels(['security_admin']), ['Chat', 'Agencies', 'Users', 'Devices', 'Profile']);
  // A system administrator verifies the audit chain without reading entries: the page exists for the Verify button.
  assert.deepEqual(labels(['system_admin']), ['Chat', 'Agencies', 'Users', 'Audit log', 'Policy', 'Devices', 'Profile']);
});

test('paths map to routes; unknown and malformed ones are not found', () => {
  assert.deepEqual(matchRoute('/'), { name: 'home' });
  assert.deepEqual(matchRoute('/console/users/'), { name: 'users' });
  assert.deepEqual(matchRoute('/console/users/abc-123_X'), { name: 'user', id: 'abc-123_X' });
  assert.deepEqual(matchRoute('/console/users/a%2Fb'), { name: 'not-found' });
  assert.deepEqual(matchRoute('/console/secret'), { name: 'not-found' });
});

test('a page outside the roles cannot be opened by address; home leads to the first allowed page', () => {
  const employee = holding();
  assert.equal(mayOpen(matchRoute('/console/audit'), employee), false);
  assert.equal(mayOpen(matchRoute('/console/users/u1'), employee), false);
  assert.equal(mayOpen(matchRoute('/profile'), employee), true);
  assert.equal(mayOpen(matchRoute('/console/users/u1'), holding('agency_admin')), true);
  assert.equal(homePath(employee), '/chat');
  assert.equal(homePath(new Set()), '/profile');
});
