/** A Parley app on a fresh database, with helpers to call its HTTP API as different people. */
import { loadConfig, type Config } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/app.js';
import type { Dialect } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from './backends.js';
import { TestClock } from './clock.js';
import { DeviceRing } from './device.js';

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | string[] | number | undefined>;
}

export class TestApp {
  private constructor(
    readonly app: App,
    readonly db: TestDatabase,
    readonly clock: TestClock,
  ) {}

  static async start(backend: Dialect, overrides: Partial<Config> = {}): Promise<TestApp> {
    const db = await createTestDatabase(backend);
    const clock = new TestClock();
    const config = loadConfig({}, {
      dataDir: db.dataDir,
      ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
      logLevel: 'silent',
      scryptCost: 1024,
      loginRatePerMinute: 10_000,
      // Devices enroll approved, so that tests of other things need no security
      // administrator; the device tests set 'approval' (the real default).
      deviceEnrollment: 'open',
      ...overrides,
    });
    const app = await buildApp(config, { now: clock.now, logger: false });
    return new TestApp(app, db, clock);
  }

  /** Listens on a random loopback port (for WebSocket and browser tests); returns the base URL. */
  async listen(): Promise<string> {
    if (this.#url) return this.#url;
    await this.app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = this.app.http.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    this.#url = `http://127.0.0.1:${address.port}`;
    return this.#url;
  }

  #url: string | undefined;
  /** The device each person signs in from. */
  readonly devices = new DeviceRing();

  async stop(): Promise<void> {
    await this.app.close();
    await this.db.drop();
  }

  /** Sends a request; `token` is sent as a bearer token. */
  async request(method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string | Buffer } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.http.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers };
  }

  /**
   * Signs in with a bearer token, proves the person's device (approved where
   * enrollment is open; see `signInPending` otherwise) and replaces a one-time
   * secret with a real password first if needed.
   */
  async signIn(username: string, password: string): Promise<string> {
    const res = await this.request('POST', '/api/v1/auth/sign-in', { body: { username, password, kind: 'bearer' } });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = res.body.token as string;
    const enrolled = await this.request('POST', '/api/v1/me/device', { token, body: this.devices.for(username).enrollment(res.body.csrfToken as string) });
    if (enrolled.status !== 200) throw new Error(`device enrollment of ${username} failed: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    if (res.body.mustChangePassword) {
      const changed = await this.request('POST', '/api/v1/me/password', {
        token,
        body: { currentPassword: password, newPassword: `${username}-correct-horse-battery` },
      });
      if (changed.status !== 204) throw new Error(`password change failed: ${JSON.stringify(changed.body)}`);
    }
    return token;
  }

  /** The first system administrator, signed in. */
  async admin(): Promise<string> {
    const created = await this.app.ensureAdmin();
    if (created) return this.signIn(created.username, created.secret);
    return this.signIn('admin', 'admin-correct-horse-battery');
  }

  /** Creates a user (as `asToken`) and returns their id and a signed-in token. */
  async user(asToken: string, input: { username: string; agencyId: string | null; personType?: string; displayName?: string }): Promise<{ id: string; token: string }> {
    const res = await this.request('POST', '/api/v1/users', {
      token: asToken,
      body: { displayName: input.displayName ?? input.username, personType: 'employee', ...input },
    });
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = await this.signIn(input.username, res.body.oneTimeSecret);
    return { id: res.body.user.id, token };
  }

  async agency(asToken: string, code: string, name = `${code} agency`): Promise<string> {
    const res = await this.request('POST', '/api/v1/agencies', { token: asToken, body: { code, name } });
    if (res.status !== 201) throw new Error(`create agency failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  /**
   * The content-policy suites' cast: an agency, alice and bob in a direct conversation, and rita, the
   * agency's compliance reviewer; everyone has acknowledged the policy.
   */
  async reviewedConversation(): Promise<{
    admin: string; alice: { id: string; token: string }; bob: { id: string; token: string }; reviewer: { id: string; token: string }; dm: string;
  }> {
    const admin = await this.admin();
    const agency = await this.agency(admin, 'DHHR');
    const alice = await this.user(admin, { username: 'alice', agencyId: agency });
    const bob = await this.user(admin, { username: 'bob', agencyId: agency });
    const reviewer = await this.user(admin, { username: 'rita', agencyId: agency });
    await this.request('POST', `/api/v1/users/${reviewer.id}/roles`, { token: admin, body: { role: 'compliance_reviewer', agencyId: agency } });
    for (const u of [alice, bob, reviewer]) await this.acknowledge(u.token);
    const dm = (await this.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'direct', userId: bob.id } })).body.id as string;
    return { admin, alice, bob, reviewer, dm };
  }

  async acknowledge(token: string): Promise<void> {
    const current = await this.request('GET', '/api/v1/policy/current', { token });
    const res = await this.request('POST', '/api/v1/policy/acknowledgements', { token, body: { policyVersionId: current.body.policy.id } });
    if (res.status !== 201) throw new Error(`ack failed: ${JSON.stringify(res.body)}`);
  }
}
