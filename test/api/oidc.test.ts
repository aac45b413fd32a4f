import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp, type Response } from '../support/app.js';
import { Browser, REDIRECT_URI, startProvider, type TestProvider } from '../support/oidc.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { OidcClient, OidcRegistry, randomToken } from '../../src/identity/oidc-client.js';

const providerConfig = (issuer: string, id: string, extra: Record<string, unknown> = {}) => ({
  id, issuer, clientId: 'parley', clientSecret: 'parley-secret', redirectUri: REDIRECT_URI.replace('/agency/', `/${id}/`),
  claims: { agencyCode: 'agency', groups: 'groups' },
  groupRoles: { 'parley-reviewers': 'compliance_reviewer', 'parley-admins': 'agency_admin' },
  ...extra,
});

const cookieValue = (res: Response, name: string): string | undefined => {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  const hit = all.find((c) => c.startsWith(`${name}=`));
  return hit?.slice(name.length + 1).split(';')[0];
};

/** Start at Parley, sign in at the provider as `login`, come back to Parley's callback. */
async function roundTrip(t: TestApp, provider: string, login: string, tamper?: (callback: URL) => void): Promise<Response> {
  const start = await t.request('GET', `/api/v1/auth/oidc/${provider}/start`);
  assert.equal(start.status, 302, JSON.stringify(start.body));
  const binding = cookieValue(start, 'parley_oidc');
  assert.ok(binding, 'the flow is bound to the browser with a cookie');
  const callback = await new Browser().signInAtProvider(String(start.headers.location), login);
  tamper?.(callback);
  return t.request('GET', `${callback.pathname}${callback.search}`, { headers: { cookie: `parley_oidc=${binding}` } });
}

async function sessionOf(t: TestApp, res: Response): Promise<Response> {
  const token = cookieValue(res, 'parley_session');
  assert.ok(token, `a session cookie was set: ${JSON.stringify(res.body)}`);
  return t.request('GET', '/api/v1/session', { headers: { cookie: `parley_session=${token}` } });
}

let idp: TestProvider;
before(async () => {
  idp = await startProvider();
});
after(() => idp.close());

for (const backend of BACKENDS) {
  describe(`OpenID Connect sign-in (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let dhhr: string;
    before(async () => {
      t = await TestApp.start(backend, {
        oidcProviders: [providerConfig(idp.issuer, 'agency'), providerConfig(idp.issuer, 'jit', { jit: { enabled: true, personType: 'contractor' } })],
      } as unknown as Partial<Config>);
      // The provider stamps tokens with real time; Parley's clock must agree.
      t.clock.t = Date.now();
      admin = await t.admin();
      dhhr = await t.agency(admin, 'DHHR');
    });
    after(() => t.stop());

    test('lists the configured providers', async () => {
      const res = await t.request('GET', '/api/v1/auth/oidc');
      assert.deepEqual(res.body.items.map((p: { id: string }) => p.id), ['agency', 'jit']);
    });

    test('a full round trip signs an existing user in with a working Parley session, pinned to the subject', async () => {
      await t.user(admin, { username: 'alice', agencyId: dhhr });
      idp.accounts.set('sub-alice', { preferred_username: 'alice', email: 'alice@wv.gov', name: 'Alice', agency: 'DHHR' });
      const res = await roundTrip(t, 'agency', 'sub-alice');
      assert.equal(res.status, 303, JSON.stringify(res.body));
      assert.equal(res.headers.location, '/');
      assert.match(String(res.headers['set-cookie']), /parley_session=[^;]+;.*HttpOnly/i);
      const me = await sessionOf(t, res);
      assert.equal(me.status, 200);
      assert.equal(me.body.user.username, 'alice');
      // Like a password sign-in, the session proves its device before anything else (§5.3.8).
      assert.equal(me.body.device, null);
      const cookie = `parley_session=${cookieValue(res, 'parley_session')}`;
      assert.equal((await t.request('GET', '/api/v1/conversations', { headers: { cookie } })).body.error.code, 'device_required');
      const proof = t.devices.for('alice').enrollment(me.body.csrfToken);
      const device = await t.request('POST', '/api/v1/me/device', { headers: { cookie, 'x-csrf-token': me.body.csrfToken }, body: proof });
      assert.equal(device.status, 200, JSON.stringify(device.body));
      assert.equal((await t.request('GET', '/api/v1/me/devices', { headers: { cookie } })).status, 200);
      const ok = await t.app.store.audit.list({ action: 'auth.sign_in.success', actorId: me.body.user.id, limit: 5 });
      assert.deepEqual(ok[0]!.after, { kind: 'cookie', method: 'oidc', provider: 'agency' });

      // Another subject claiming the same username is not Alice.
      idp.accounts.set('sub-impostor', { preferred_username: 'alice', email: 'alice@wv.gov', name: 'Not Alice' });
      const impostor = await roundTrip(t, 'agency', 'sub-impostor');
      assert.equal(impostor.status, 401);
      assert.equal(impostor.body.error.data.reason, 'subject_mismatch');
    });

    test('a username claim never signs anyone in as a system administrator', async () => {
      idp.accounts.set('sub-mallory', { preferred_username: 'admin', email: 'mallory@wv.gov' });
      const res = await roundTrip(t, 'agency', 'sub-mallory');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.data.reason, 'system_admin_not_linked');
    });

    test('starts are rate limited per address', async () => {
      const limited = await TestApp.start(backend, { loginRatePerMinute: 2, oidcProviders: [providerConfig(idp.issuer, 'agency')] } as unknown as Partial<Config>);
      try {
        const codes = [];
        for (let i = 0; i < 3; i++) codes.push((await limited.request('GET', '/api/v1/auth/oidc/agency/start')).status);
        assert.deepEqual(codes, [302, 302, 429]);
      } finally {
        await limited.stop();
      }
    });

    test('the state must match the flow, the flow needs its cookie, and a callback works once', async () => {
      idp.accounts.set('sub-bob', { preferred_username: 'bob', email: 'bob@wv.gov', name: 'Bob' });
      await t.user(admin, { username: 'bob', agencyId: dhhr });
      const wrongState = await roundTrip(t, 'agency', 'sub-bob', (u) => u.searchParams.set('state', randomToken()));
      assert.equal(wrongState.body.error.code, 'oidc_failed');
      assert.equal(wrongState.body.error.data.reason, 'state_mismatch');
      assert.equal(cookieValue(wrongState, 'parley_session'), undefined);

      const start = await t.request('GET', '/api/v1/auth/oidc/agency/start');
      const binding = cookieValue(start, 'parley_oidc')!;
      const callback = await new Browser().signInAtProvider(String(start.headers.location), 'sub-bob');
      const path = `${callback.pathname}${callback.search}`;
      const noCookie = await t.request('GET', path);
      assert.equal(noCookie.body.error.data.reason, 'no_flow_cookie');
      const otherCookie = await t.request('GET', path, { headers: { cookie: `parley_oidc=${randomToken()}` } });
      assert.equal(otherCookie.body.error.data.reason, 'unknown_or_expired_flow');
      const ok = await t.request('GET', path, { headers: { cookie: `parley_oidc=${binding}` } });
      assert.equal(ok.status, 303, JSON.stringify(ok.body));
      const replay = await t.request('GET', path, { headers: { cookie: `parley_oidc=${binding}` } });
      assert.equal(replay.body.error.data.reason, 'unknown_or_expired_flow');
      const failures = await t.app.store.audit.list({ action: 'auth.sign_in.failure', limit: 20 });
      assert.ok(failures.some((e) => (e.after as { provider?: string; reason?: string }).reason === 'state_mismatch'));
    });

    test('an error from the provider (the person cancelled) is refused and audited', async () => {
      const start = await t.request('GET', '/api/v1/auth/oidc/agency/start');
      const state = new URL(String(start.headers.location)).searchParams.get('state')!;
      const res = await t.request('GET', `/api/v1/auth/oidc/agency/callback?error=access_denied&state=${state}`, { headers: { cookie: `parley_oidc=${cookieValue(start, 'parley_oidc')}` } });
      assert.equal(res.body.error.data.reason, 'provider_error_access_denied');
      assert.match(String(res.headers['set-cookie']), /parley_oidc=;/, 'the flow cookie is cleared');
    });

    test('an expired flow is refused', async () => {
      idp.accounts.set('sub-carol', { preferred_username: 'carol', email: 'carol@wv.gov' });
      await t.user(admin, { username: 'carol', agencyId: dhhr });
      // The clock stays ahead afterwards (moving it back would upset the rate limiter); tokens live an hour.
      const res = await roundTrip(t, 'agency', 'sub-carol', () => t.clock.advance(601_000));
      assert.equal(res.body.error.data.reason, 'unknown_or_expired_flow');
    });

    test('with JIT off an unknown user is refused and nothing is created', async () => {
      idp.accounts.set('sub-dave', { preferred_username: 'dave', email: 'dave@wv.gov', name: 'Dave' });
      const res = await roundTrip(t, 'agency', 'sub-dave');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.data.reason, 'unknown_user');
      assert.equal(await t.app.store.users.getByUsername('dave'), null);
    });

    test('with JIT on an unknown user is created with the mapped agency and roles; roles follow the groups', async () => {
      idp.accounts.set('sub-erin', { preferred_username: 'erin', email: 'Erin@WV.gov', name: 'Erin\u0000 E', agency: 'dhhr', groups: ['parley-reviewers', 'unrelated'] });
      const res = await roundTrip(t, 'jit', 'sub-erin');
      assert.equal(res.status, 303, JSON.stringify(res.body));
      const me = await sessionOf(t, res);
      assert.equal(me.body.user.username, 'erin');
      assert.equal(me.body.user.email, 'erin@wv.gov');
      assert.equal(me.body.user.personType, 'contractor');
      assert.equal(me.body.user.displayName, 'Erin E', 'control characters in claims are dropped');
      assert.equal(me.body.user.agencyId, dhhr);
      assert.ok(me.body.roles.some((r: { role: string; agencyId: string }) => r.role === 'compliance_reviewer' && r.agencyId === dhhr));
      assert.equal((await t.app.store.audit.list({ action: 'user.create', targetId: me.body.user.id, limit: 1 }))[0]!.actorLabel, 'oidc:jit');

      idp.accounts.set('sub-erin', { preferred_username: 'erin', email: 'erin@wv.gov', agency: 'DHHR', groups: ['parley-admins'] });
      const again = await sessionOf(t, await roundTrip(t, 'jit', 'sub-erin'));
      const roles = again.body.roles.map((r: { role: string }) => r.role).sort();
      assert.deepEqual(roles, ['agency_admin', 'employee']);
    });

    test('an unknown agency code is refused', async () => {
      idp.accounts.set('sub-fay', { preferred_username: 'fay', email: 'fay@wv.gov', agency: 'NOPE' });
      const res = await roundTrip(t, 'jit', 'sub-fay');
      assert.equal(res.body.error.data.reason, 'unknown_agency');
    });

    test('a suspended or deprovisioned user is refused', async () => {
      const { id } = await t.user(admin, { username: 'gil', agencyId: dhhr });
      idp.accounts.set('sub-gil', { preferred_username: 'gil', email: 'gil@wv.gov' });
      const suspended = await t.request('POST', `/api/v1/users/${id}/status`, { token: admin, body: { status: 'suspended', reason: 'test' } });
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      const res = await roundTrip(t, 'agency', 'sub-gil');
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'account_inactive');
    });

    test('an unknown provider is not found', async () => {
      assert.equal((await t.request('GET', '/api/v1/auth/oidc/nope/start')).body.error.code, 'not_found');
    });
  });

  describe(`OpenID Connect and the closed e-mail domains (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await TestApp.start(backend, {
        allowedEmailDomains: 'wv.gov',
        oidcProviders: [providerConfig(idp.issuer, 'jit', { jit: { enabled: true, personType: 'employee' } })],
      } as unknown as Partial<Config>);
      t.clock.t = Date.now();
    });
    after(() => t.stop());

    test('§4.1: JIT refuses an address outside the State domains and accepts one inside', async () => {
      idp.accounts.set('sub-out', { preferred_username: 'outsider', email: 'outsider@gmail.com' });
      const out = await roundTrip(t, 'jit', 'sub-out');
      assert.equal(out.body.error.data.reason, 'email_domain_not_allowed');
      assert.equal(await t.app.store.users.getByUsername('outsider'), null);
      idp.accounts.set('sub-in', { preferred_username: 'insider', email: 'insider@dhhr.wv.gov' });
      assert.equal((await roundTrip(t, 'jit', 'sub-in')).status, 303);
    });
  });
}

describe('ID token validation against the real provider', () => {
  /** Runs a flow for `clientId` and returns the raw ID token and the nonce it was issued for. */
  async function idTokenFor(clientId: string, sub: string): Promise<{ idToken: string; nonce: string }> {
    const config = loadConfig({}, { oidcProviders: [{ ...providerConfig(idp.issuer, 'agency'), clientId, clientSecret: `${clientId}-secret` }] } as unknown as Partial<Config>);
    const client = new OidcClient(config.oidcProviders[0]!, Date.now);
    const flow = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
    const callback = await new Browser().signInAtProvider(await client.authorizationUrl(flow), sub);
    assert.equal(callback.searchParams.get('state'), flow.state);
    return { idToken: await client.exchange(callback.searchParams.get('code')!, flow.codeVerifier), nonce: flow.nonce };
  }
  const parleyClient = () => {
    const config = loadConfig({}, { oidcProviders: [providerConfig(idp.issuer, 'agency')] } as unknown as Partial<Config>);
    return new OidcClient(config.oidcProviders[0]!, Date.now);
  };

  test('a genuine token passes; a tampered payload, a wrong nonce and another client\'s token do not', async () => {
    idp.accounts.set('sub-v', { preferred_username: 'v', email: 'v@wv.gov' });
    const client = parleyClient();
    const { idToken, nonce } = await idTokenFor('parley', 'sub-v');
    assert.equal((await client.verifyIdToken(idToken, nonce)).sub, 'sub-v');

    const [h, p, s] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, sub: 'sub-admin' })).toString('base64url'), s].join('.');
    await assert.rejects(client.verifyIdToken(forged, nonce), { reason: 'id_token_jws_signature_verification_failed' });
    const unsigned = [Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'), p, ''].join('.');
    await assert.rejects(client.verifyIdToken(unsigned, nonce), (e: { reason: string }) => e.reason.startsWith('id_token_'));
    await assert.rejects(client.verifyIdToken(idToken, randomToken()), { reason: 'id_token_nonce_mismatch' });

    const other = await idTokenFor('other-app', 'sub-v');
    await assert.rejects(client.verifyIdToken(other.idToken, other.nonce), { reason: 'id_token_jwt_claim_validation_failed' });
  });

  test('discovery must name the configured issuer exactly and be reachable', async () => {
    const at = (issuer: string) => new OidcClient(loadConfig({}, { oidcProviders: [providerConfig(issuer, 'agency')] } as unknown as Partial<Config>).oidcProviders[0]!, Date.now);
    await assert.rejects(at(`${idp.issuer}/`).discover(), { reason: 'discovery_issuer_mismatch' });
    await assert.rejects(at('http://127.0.0.1:1').discover(), { reason: 'discovery_unreachable' });
    assert.equal((await at(idp.issuer).discover()).issuer, idp.issuer);
  });

  test('an expired token is refused', async () => {
    idp.accounts.set('sub-w', { preferred_username: 'w', email: 'w@wv.gov' });
    const { idToken, nonce } = await idTokenFor('parley', 'sub-w');
    const config = loadConfig({}, { oidcProviders: [providerConfig(idp.issuer, 'agency')] } as unknown as Partial<Config>);
    const late = new OidcClient(config.oidcProviders[0]!, () => Date.now() + 2 * 3_600_000);
    await assert.rejects(late.verifyIdToken(idToken, nonce), { reason: 'id_token_jwt_expired' });
  });

  test('a configuration with an http issuer off loopback, or a provider granting system_admin, is refused at start', () => {
    const bad = loadConfig({}, { oidcProviders: [providerConfig('http://idp.example.com', 'agency', { groupRoles: { x: 'system_admin' } })] } as unknown as Partial<Config>);
    assert.throws(() => new OidcRegistry(bad.oidcProviders, Date.now), (e: Error) =>
      /must use https/.test(e.message) && /system_admin/.test(e.message));
  });
});
