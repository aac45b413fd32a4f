/**
 * Every route in the OpenAPI document, called with generated bodies, queries
 * and path values, right and wrong (wrong types, prototype keys, lone
 * surrogates, NUL, huge numbers, deep nesting), as a system administrator so
 * that authorization lets the input reach the handlers: no answer is a 5xx, and
 * every error names a code from the catalogue. A failure prints the seed, the
 * request and the answer (PARLEY_FUZZ_SEED, PARLEY_FUZZ_PER_ROUTE).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { seeded } from '../support/seeded.js';
import { TestApp } from '../support/app.js';
import { ERRORS } from '../../src/domain/errors.js';

const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 1206);
const PER_ROUTE = Number(process.env.PARLEY_FUZZ_PER_ROUTE ?? 12);

/** Routes a generated call must not reach: they end the caller's own session, which the test needs to go on. */
const SKIP = new Set(['POST /api/v1/auth/sign-out']);

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Known { ids: string[] }

function values(rnd: () => number, known: Known) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const nest = (d: number): unknown => (d === 0 ? 'deep' : { d: nest(d - 1) });
  const hostile = (): unknown => pick<() => unknown>([
    () => null, () => true, () => -1, () => 0, () => 1.5, () => 2 ** 53 + 2, () => 1e308, () => '', () => ' ', () => 'x'.repeat(5000),
    () => '\ud800', () => 'a\u0000b', () => '\u202e\u200bx', () => '../../etc/passwd', () => "'; drop table users; --",
    () => '__proto__', () => 'constructor', () => [], () => [1, 'a', null], () => ({}),
    () => JSON.parse('{"__proto__":{"admin":true}}') as unknown, () => nest(60), () => pick(known.ids), () => crypto.randomUUID(),
    () => '2026-02-30T25:61:00Z', () => '*', () => '%00', () => 'a'.repeat(300),
  ])();
  /** A value the schema allows, as far as a small generator can tell (enums, formats, bounds). */
  const valid = (s: Schema | undefined, depth = 0): unknown => {
    if (!s || depth > 6) return 'x';
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum)) return pick(s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (Array.isArray(alternatives)) return valid(pick(alternatives as Schema[]), depth + 1);
    const type = Array.isArray(s.type) ? pick(s.type as string[]) : s.type;
    switch (type) {
      case 'string':
        if (s.format === 'email') return `p${Math.floor(rnd() * 1e6)}@example.gov`;
        if (s.format === 'date-time') return new Date(Date.UTC(2026, 0, 1 + Math.floor(rnd() * 300))).toISOString();
        if (s.format === 'uuid' || /id$/i.test(String(s.title ?? ''))) return pick(known.ids);
        return pick([pick(known.ids), 'Bridge inspection', 'dot', `name-${Math.floor(rnd() * 1e6)}`, 'a'.repeat(Math.max(1, Number(s.minLength ?? 1)))]);
      case 'integer': case 'number': {
        const lo = Number(s.minimum ?? 0);
        const hi = Number(s.maximum ?? lo + 100);
        return Math.floor(lo + rnd() * Math.min(hi - lo + 1, 1000));
      }
      case 'boolean': return rnd() < 0.5;
      case 'array': return Array.from({ length: Math.floor(rnd() * 3) }, () => valid(s.items as Schema, depth + 1));
      case 'object': return object(s, depth + 1);
      case 'null': return null;
      default: return 'x';
    }
  };
  /** An object for the schema: each property right, wrong or missing; now and then an extra one. */
  const object = (s: Schema, depth = 0): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    const required = new Set<string>((s.required as string[] | undefined) ?? []);
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      const r = rnd();
      if (r < (required.has(k) ? 0.05 : 0.4)) continue;
      put(k, r < 0.75 ? valid(p, depth) : hostile());
    }
    if (rnd() < 0.1) put(pick(['extra', '__proto__', 'constructor', 'isAdmin', 'id']), hostile());
    return out;
  };
  return { pick, hostile, valid, object };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');
/** A path segment; a lone surrogate cannot be percent-encoded as UTF-8, so it goes as the bytes of one (invalid UTF-8). */
const segment = (v: unknown): string => {
  try {
    return encodeURIComponent(text(v));
  } catch {
    return '%ED%A0%80';
  }
};

for (const backend of BACKENDS) {
  describe(`HTTP fuzz (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    /** SCIM routes take a provisioning token, and answer in SCIM's own error format (RFC 7644 §3.12). */
    let scim: string;
    const known: Known = { ids: [] };

    before(async () => {
      t = await TestApp.start(backend);
      admin = await t.admin();
      const agency = await t.agency(admin, 'DOT');
      const alice = await t.user(admin, { username: 'alice', agencyId: agency });
      const bob = await t.user(admin, { username: 'bob', agencyId: agency });
      await t.acknowledge(admin);
      await t.acknowledge(alice.token);
      const dm = await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'direct', userId: bob.id } });
      const me = await t.request('GET', '/api/v1/me', { token: admin });
      scim = (await t.request('POST', '/api/v1/provisioning-tokens', { token: admin, body: { name: 'fuzz' } })).body.token as string;
      known.ids.push(agency, alice.id, bob.id, String(dm.body.id), String(me.body.user?.id ?? me.body.id));
    });
    after(async () => {
      await t.stop();
    });

    test(`every documented route, ${PER_ROUTE} generated calls each (seed ${SEED}): no 5xx, every error catalogued`, async () => {
      const doc = (await t.request('GET', '/openapi.json')).body as Schema;
      const rnd = seeded(SEED);
      const { pick, hostile, valid, object } = values(rnd, known);
      const statuses = new Map<number, number>();
      let routes = 0;
      for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
        for (const [method, op] of Object.entries(item)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          if (SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
          routes++;
          const params = ((op.parameters ?? []) as Schema[]);
          const bodySchema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
          for (let i = 0; i < PER_ROUTE; i++) {
            const url = path.replace(/\{([^}]+)\}/g, () => segment(rnd() < 0.6 ? pick(known.ids) : hostile()));
            const query = new URLSearchParams();
            for (const p of params.filter((x) => x.in === 'query')) {
              if (rnd() < 0.5) query.append(String(p.name), text(rnd() < 0.6 ? valid(p.schema as Schema) : hostile()));
            }
            const q = query.toString();
            const body = bodySchema ? (rnd() < 0.9 ? object(bodySchema) : hostile()) : undefined;
            const res = await t.request(method.toUpperCase(), q ? `${url}?${q}` : url, {
              token: path.startsWith('/scim/') ? scim : admin, ...(body !== undefined ? { body } : {}),
            });
            const where = `seed ${SEED}: ${method.toUpperCase()} ${q ? `${url}?${q}` : url} ${text(body).slice(0, 300)} -> ${res.status} ${text(res.body).slice(0, 300)}`;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            assert.ok(res.status < 500, where);
            if (res.status >= 400 && path.startsWith('/scim/')) {
              assert.ok(res.body?.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:Error') && typeof res.body.detail === 'string', `${where}: not a SCIM error`);
            } else if (res.status >= 400) {
              const e = res.body?.error;
              assert.ok(e && Object.hasOwn(ERRORS, e.code), `${where}: not a catalogued error`);
              assert.ok(typeof e.message === 'string' && e.message.length > 0, `${where}: no message`);
            }
            // A generated call may end the administrator's sessions (a password change, a role or status change
            // of their own account is refused, but sessions can be revoked): sign in again and go on.
            if (res.status === 401 && res.body?.error?.code === 'unauthenticated') admin = await t.signIn('admin', 'admin-correct-horse-battery');
          }
        }
      }
      if (process.env.PARLEY_FUZZ_VERBOSE) console.log(routes, JSON.stringify([...statuses].sort((a, b) => a[0] - b[0])));
      // The generator reached handlers, not only validation: some calls succeeded and some were refused.
      assert.ok(routes >= 40, `only ${routes} routes in the document`);
      assert.ok([...statuses.keys()].some((s) => s < 300) && (statuses.get(400) ?? 0) > 0, JSON.stringify([...statuses]));
      assert.equal((await t.request('GET', '/readyz')).status, 200);
    });
  });
}
