import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ApiError, withQuery } from './api';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted server: answers in order, records what it was sent. */
function fakeFetch(answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    if (next instanceof Error) throw next;
    return next;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const wireError = (status: number, code: string, message: string, data?: Record<string, unknown>) =>
  json(status, { error: { code, message, ...(data ? { data } : {}), requestId: 'req-1' } });

describe('ApiClient', () => {
  test('sends the CSRF token on changes, never on reads', async () => {
    const { fetch, calls } = fakeFetch([json(200, { ok: 1 }), json(201, { id: 'a' }), new Response(null, { status: 204 })]);
    const api = new ApiClient({ fetch });
    api.setCsrfToken('csrf-1');
    assert.deepEqual(await api.get('/api/v1/agencies'), { ok: 1 });
    assert.deepEqual(await api.post('/api/v1/agencies', { code: 'DHHR' }), { id: 'a' });
    assert.equal(await api.delete('/api/v1/sessions/abc'), undefined);
    assert.equal(calls[0]!.headers['x-csrf-token'], undefined);
    assert.equal(calls[1]!.headers['x-csrf-token'], 'csrf-1');
    assert.equal(calls[1]!.headers['content-type'], 'application/json');
    assert.equal(calls[1]!.body, '{"code":"DHHR"}');
    assert.equal(calls[2]!.headers['x-csrf-token'], 'csrf-1');
  });

  test('turns the server\'s error body into an ApiError with code, status, request id and field', async () => {
    const { fetch } = fakeFetch([wireError(400, 'validation_failed', 'body.code must match', { field: 'body.code' })]);
    const api = new ApiClient({ fetch });
    const error = await api.post('/api/v1/agencies', { code: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.code, error.status, error.message, error.requestId, error.field], [
      'validation_failed', 400, 'body.code must match', 'req-1', 'code',
    ]);
  });

  test('a non-JSON failure and an unreachable server still give a readable ApiError', async () => {
    const { fetch } = fakeFetch([new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }), new TypeError('Failed to fetch')]);
    const api = new ApiClient({ fetch });
    const proxy = await api.get('/api/v1/session').catch((e: unknown) => e);
    assert.ok(proxy instanceof ApiError);
    assert.deepEqual([proxy.code, proxy.status], ['http_error', 502]);
    assert.match(proxy.message, /502 Bad Gateway/);
    const down = await api.get('/api/v1/session').catch((e: unknown) => e);
    assert.ok(down instanceof ApiError);
    assert.deepEqual([down.code, down.status], ['network', 0]);
  });

  test('a stale CSRF token is refreshed from GET /session and the change retried once', async () => {
    const { fetch, calls } = fakeFetch([
      wireError(403, 'csrf_failed', 'The CSRF token is missing or wrong.'),
      json(200, { csrfToken: 'csrf-new' }),
      json(201, { id: 'a' }),
    ]);
    const api = new ApiClient({ fetch });
    api.setCsrfToken('csrf-old');
    assert.deepEqual(await api.post('/api/v1/agencies', {}), { id: 'a' });
    assert.deepEqual(calls.map((c) => [c.method, c.url, c.headers['x-csrf-token']]), [
      ['POST', '/api/v1/agencies', 'csrf-old'],
      ['GET', '/api/v1/session', undefined],
      ['POST', '/api/v1/agencies', 'csrf-new'],
    ]);
    assert.equal(api.csrfToken, 'csrf-new');
  });

  test('does not retry when the session offers the same token: the refusal stands', async () => {
    const { fetch, calls } = fakeFetch([wireError(403, 'csrf_failed', 'no'), json(200, { csrfToken: 'same' })]);
    const api = new ApiClient({ fetch });
    api.setCsrfToken('same');
    await assert.rejects(api.post('/api/v1/agencies', {}), (e: unknown) => e instanceof ApiError && e.code === 'csrf_failed');
    assert.equal(calls.length, 2);
  });

  test('reports answers that change the session (signed out, a gate) and nothing else', async () => {
    const seen: string[] = [];
    const { fetch } = fakeFetch([
      wireError(403, 'policy_ack_required', 'Acknowledge'),
      wireError(401, 'unauthenticated', 'Sign in first.'),
      wireError(403, 'forbidden', 'No'),
    ]);
    const api = new ApiClient({ fetch, onSessionChange: (e) => seen.push(e.code) });
    for (let i = 0; i < 3; i++) await api.get('/api/v1/directory').catch(() => undefined);
    assert.deepEqual(seen, ['policy_ack_required', 'unauthenticated']);
  });

  test('a quiet request (reading the session itself) reports nothing', async () => {
    const seen: string[] = [];
    const { fetch } = fakeFetch([wireError(401, 'unauthenticated', 'Sign in first.')]);
    const api = new ApiClient({ fetch, onSessionChange: (e) => seen.push(e.code) });
    await assert.rejects(api.request('GET', '/api/v1/session', { quiet: true }), (e: unknown) => e instanceof ApiError && e.status === 401);
    assert.deepEqual(seen, []);
  });
});

test('withQuery leaves out filters that are not set', () => {
  assert.equal(withQuery('/api/v1/users', { q: 'ann', status: '', agencyId: undefined, after: null, limit: 25 }), '/api/v1/users?q=ann&limit=25');
  assert.equal(withQuery('/api/v1/users', {}), '/api/v1/users');
  assert.equal(withQuery('/x', { q: 'a&b=c' }), '/x?q=a%26b%3Dc');
});
