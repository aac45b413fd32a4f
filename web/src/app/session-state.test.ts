import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ApiError } from './api';
import { loadSession, signIn, signOut } from './session-state';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const unauthenticated = () => json(401, { error: { code: 'unauthenticated', message: 'Sign in first.', requestId: 'r' } });
const SESSION = { user: { id: 'u1' }, roles: [], permissions: ['chat.use'], csrfToken: 'csrf-s', expiresAt: 1, mustChangePassword: true, policy: { id: 'p', version: '1', acknowledged: false } };

function scripted(answers: Response[]) {
  const sent: { url: string; body: unknown }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return answers.shift()!;
  }) as typeof globalThis.fetch;
  return { api: new ApiClient({ fetch }), sent };
}

test('sign-in asks for a cookie session, keeps the CSRF token and returns the full session with its gates', async () => {
  const { api, sent } = scripted([json(200, { csrfToken: 'csrf-1', mustChangePassword: true }), json(200, SESSION)]);
  const state = await signIn(api, 'admin', 'secret');
  assert.deepEqual(sent[0], { url: '/api/v1/auth/sign-in', body: { username: 'admin', password: 'secret', kind: 'cookie' } });
  assert.equal(state.status, 'signed-in');
  assert.equal(state.status === 'signed-in' && state.session.mustChangePassword, true);
  assert.equal(api.csrfToken, 'csrf-s');
});

test('no live session means signed out, with the notice given, and forgets the CSRF token', async () => {
  const { api } = scripted([unauthenticated()]);
  api.setCsrfToken('old');
  assert.deepEqual(await loadSession(api, 'Your session ended.'), { status: 'signed-out', notice: 'Your session ended.' });
  assert.equal(api.csrfToken, null);
});

test('other failures are not mistaken for signing out', async () => {
  const { api } = scripted([json(503, { error: { code: 'unavailable', message: 'The service is not ready.', requestId: 'r' } })]);
  await assert.rejects(loadSession(api), /not ready/);
});

test('signing out of a session that already ended still signs out', async () => {
  const { api } = scripted([unauthenticated()]);
  api.setCsrfToken('csrf');
  assert.deepEqual(await signOut(api), { status: 'signed-out', notice: 'You are signed out.' });
  assert.equal(api.csrfToken, null);
});

test('a sign-in whose cookie the browser did not keep is explained, not shown as signed out', async () => {
  const { api } = scripted([json(200, { csrfToken: 'csrf-1', mustChangePassword: false }), unauthenticated()]);
  await assert.rejects(signIn(api, 'admin', 'pw'), (e: unknown) => e instanceof ApiError && e.code === 'cookie_refused' && /HTTPS/.test(e.message));
});
