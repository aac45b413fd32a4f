/**
 * A real OpenID provider (the `oidc-provider` package) on a random loopback
 * port, and a tiny browser (manual redirects, a cookie jar) to sign in at it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const REDIRECT_URI = 'http://127.0.0.1:9/api/v1/auth/oidc/agency/callback';

export interface TestProvider {
  issuer: string;
  /** Accounts by subject; tests may add and change them between sign-ins. */
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startProvider(): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-1', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, Record<string, unknown>>();
  const client = (id: string) => ({
    client_id: id, client_secret: `${id}-secret`, redirect_uris: [REDIRECT_URI, REDIRECT_URI.replace('/agency/', '/jit/')], grant_types: ['authorization_code'], response_types: ['code'],
  });
  const provider = new Provider(issuer, {
    clients: [client('parley'), client('other-app')],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-only-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    // Scope claims go into the ID token itself, which is what Parley reads.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups', 'agency'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: async () => ({ sub, ...claims }) } : undefined;
    },
  });
  server.on('request', provider.callback());
  return { issuer, accounts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A browser: follows redirects by hand, keeps cookies per origin, and signs in at the provider's login and consent pages. */
export class Browser {
  readonly #jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    const jar = this.#jar.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  keep(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const jar = this.#jar.get(origin) ?? new Map<string, string>();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    this.#jar.set(origin, jar);
  }

  async #fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(url, res.headers.getSetCookie());
    return res;
  }

  /**
   * Goes to the provider's authorization URL as `login` and follows it until
   * the provider redirects off its own origin; returns that final URL (the callback).
   */
  async signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
    const origin = new URL(authorizationUrl).origin;
    let url = authorizationUrl;
    for (let hop = 0; hop < 20; hop++) {
      if (new URL(url).origin !== origin) return new URL(url);
      let res = await this.#fetch(url);
      if (res.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
        const page = await res.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
        const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' };
        res = await this.#fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`provider stopped at ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      url = new URL(location, url).toString();
    }
    throw new Error('too many redirects at the provider');
  }
}
