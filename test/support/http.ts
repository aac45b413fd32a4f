import { DeviceRing } from './device.js';

/** Plain HTTP calls to a listening server (a separate process), with bearer tokens. */
export async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const ring = new DeviceRing();

/** Signs in with a bearer token and proves the person's device, replacing a one-time secret first if needed. */
export async function signInAt(base: string, username: string, password: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/auth/sign-in', { body: { username, password, kind: 'bearer' } });
  if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  const d = await call(base, 'POST', '/api/v1/me/device', { token: r.body.token, body: ring.for(username).enrollment(r.body.csrfToken) });
  if (d.status !== 200) throw new Error(`device of ${username}: ${d.status} ${JSON.stringify(d.body)}`);
  if (r.body.mustChangePassword) {
    const c = await call(base, 'POST', '/api/v1/me/password', { token: r.body.token, body: { currentPassword: password, newPassword: `${username}-correct-horse-battery` } });
    if (c.status !== 204) throw new Error(`password change ${username}: ${JSON.stringify(c.body)}`);
  }
  return r.body.token;
}

/** Creates a user as `admin`, signs them in and acknowledges the policy. */
export async function chatUserAt(base: string, admin: string, username: string, agencyId: string | null): Promise<{ id: string; token: string }> {
  const u = await call(base, 'POST', '/api/v1/users', { token: admin, body: { username, displayName: username, agencyId, personType: 'employee' } });
  if (u.status !== 201) throw new Error(`create ${username}: ${JSON.stringify(u.body)}`);
  const token = await signInAt(base, username, u.body.oneTimeSecret);
  const current = await call(base, 'GET', '/api/v1/policy/current', { token });
  await call(base, 'POST', '/api/v1/policy/acknowledgements', { token, body: { policyVersionId: current.body.policy.id } });
  return { id: u.body.user.id, token };
}
