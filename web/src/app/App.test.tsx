import '../testing/register-dom';
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDom, render, settle, typeInto } from '../testing/dom';
import { App } from './App';
import { SessionProvider } from './session';

after(closeDom);

interface Sent {
  method: string;
  path: string;
  csrf: string | null;
  body: unknown;
}

const POLICY = { id: 'pv1', number: 1, packId: 'wvot', version: '2009.11.24-1', title: 'Acceptable Use of State-Provided Instant Messaging', banner: 'No expectation of privacy (§4.2).', publishedAt: 0, publishedBy: null };
const USER = { id: 'u1', username: 'ann', displayName: 'Ann Example', email: null, agencyId: null, personType: 'employee', status: 'active', createdAt: 0, updatedAt: 0 };
const DEVICE = {
  id: 'd1', userId: 'u1', agencyId: null, fingerprint: 'ab12cd34ef56ab78'.padEnd(64, '0'), publicKey: 'k', name: 'Chrome on Linux', userAgent: null,
  method: 'approval', firstSeenAt: 0, lastSeenAt: 0, addresses: [], decidedBy: null, decidedAt: null, revokedReason: null,
};
const session = (over: { mustChangePassword?: boolean; acknowledged?: boolean; device?: 'pending' | 'approved' }) => ({
  user: USER, roles: [{ role: 'employee', agencyId: null }], permissions: ['chat.use'], csrfToken: 'csrf-1', expiresAt: 0,
  mustChangePassword: over.mustChangePassword ?? false, policy: { id: 'pv1', version: POLICY.version, acknowledged: over.acknowledged ?? false },
  device: { ...DEVICE, status: over.device ?? 'approved' },
});

/** A fake Parley (fetch is outside the component under test): the session state changes as the real server's would. */
function fakeServer(state: { mustChangePassword: boolean; acknowledged: boolean; device?: 'pending' | 'approved' }) {
  const sent: Sent[] = [];
  const reply = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://parley.test');
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const method = init?.method ?? 'GET';
    sent.push({ method, path: url.pathname, csrf: headers['x-csrf-token'] ?? null, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    switch (`${method} ${url.pathname}`) {
      case 'GET /api/v1/session': return reply(200, session(state));
      case 'GET /api/v1/policy/current': return reply(200, { policy: POLICY, acknowledged: state.acknowledged });
      case 'POST /api/v1/policy/acknowledgements':
        state.acknowledged = true;
        return reply(201, { id: 'ack1', policyVersionId: 'pv1', at: 0 });
      case 'POST /api/v1/me/password':
        state.mustChangePassword = false;
        return reply(204);
      case 'GET /api/v1/directory': return reply(200, { items: [{ id: 'u2', username: 'bob', displayName: 'Bob Example', agencyId: null }] });
      default: return reply(404, { error: { code: 'route_not_found', message: `no ${method} ${url.pathname}`, requestId: 'r' } });
    }
  }) as typeof fetch;
  return sent;
}

const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent === name);
const heading = () => document.querySelector('h1')?.textContent;

afterEach(() => {
  document.body.innerHTML = '';
  window.history.replaceState(null, '', '/');
});

test('the acknowledgement gate shows nothing else until the current version is acknowledged (§4.2)', async () => {
  const sent = fakeServer({ mustChangePassword: false, acknowledged: false });
  window.history.replaceState(null, '', '/console/users');
  const view = await render(<SessionProvider><App /></SessionProvider>);
  await settle();
  assert.equal(heading(), POLICY.title);
  assert.match(document.body.textContent ?? '', /Version 2009\.11\.24-1/);
  assert.match(document.body.textContent ?? '', /No expectation of privacy/);
  assert.equal(document.querySelector('nav'), null, 'no navigation behind the gate');
  assert.ok(!sent.some((s) => s.path === '/api/v1/directory'), 'no chat request before the acknowledgement');

  await settle(() => button('I have read and acknowledge this policy')!.click());
  await settle();
  const ack = sent.find((s) => s.method === 'POST');
  assert.deepEqual(ack, { method: 'POST', path: '/api/v1/policy/acknowledgements', csrf: 'csrf-1', body: { policyVersionId: 'pv1' } });
  // An employee may not open the console by address: the page says so instead.
  assert.equal(heading(), 'Not available');
  assert.ok(document.querySelector('nav[aria-label="Main"]'));
  await view.unmount();
});

test('a device waiting for approval sees its fingerprint and nothing else (§5.3.8)', async () => {
  const sent = fakeServer({ mustChangePassword: false, acknowledged: true, device: 'pending' });
  window.history.replaceState(null, '', '/chat');
  const view = await render(<SessionProvider><App /></SessionProvider>);
  await settle();
  assert.equal(heading(), 'Waiting for approval');
  assert.equal(document.querySelector('[data-testid="device-fingerprint"]')?.textContent, 'AB12-CD34-EF56-AB78');
  assert.equal(document.querySelector('nav'), null, 'no navigation while waiting');
  assert.deepEqual(sent.map((s) => s.path), ['/api/v1/session'], 'nothing but the session is asked for');
  await view.unmount();
});

test('a one-time secret must be replaced first; the new password is checked before it is sent', async () => {
  const sent = fakeServer({ mustChangePassword: true, acknowledged: true });
  const view = await render(<SessionProvider><App /></SessionProvider>);
  await settle();
  assert.equal(heading(), 'Choose your password');

  await typeInto('One-time secret', 'secret-1');
  await typeInto('New password', 'too short');
  await typeInto('Repeat the new password', 'too short');
  await settle(() => button('Change password')!.click());
  assert.ok(!sent.some((s) => s.method === 'POST'), 'a too-short password is not sent');
  const input = document.querySelector<HTMLInputElement>('input[name="newPassword"]')!;
  assert.equal(input.getAttribute('aria-invalid'), 'true');
  assert.match(document.getElementById(input.getAttribute('aria-describedby')!.split(' ').at(-1)!)!.textContent!, /at least 12 characters/);

  await typeInto('New password', 'correct horse battery');
  await typeInto('Repeat the new password', 'correct horse battery');
  await settle(() => button('Change password')!.click());
  await settle();
  const change = sent.find((s) => s.method === 'POST');
  assert.deepEqual(change, { method: 'POST', path: '/api/v1/me/password', csrf: 'csrf-1', body: { currentPassword: 'secret-1', newPassword: 'correct horse battery' } });
  // Home for an employee is chat; its people directory loads.
  assert.equal(heading(), 'Chat');
  assert.equal(window.location.pathname, '/chat');
  await settle();
  assert.match(document.body.textContent ?? '', /Bob Example/);
  await view.unmount();
});
