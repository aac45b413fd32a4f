/**
 * A small OpenID Connect relying party for one agency identity provider:
 * discovery, the authorization URL (code flow with PKCE S256), the code
 * exchange and ID-token validation. Signatures, iss, aud, exp and nbf are
 * checked by `jose` against the provider's published JWKS; the nonce and azp
 * here. See docs/adr/002-identity.md for why this is not a full client library.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { PERSON_TYPES } from '../domain/directory.js';
import { ROLES, STATEWIDE_ONLY, type Role } from '../domain/roles.js';
import { ConfigError, type OidcProviderConfig } from '../config/config.js';

/** Asymmetric algorithms only: `none` and HMAC (keyed with the client secret) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const HTTP_TIMEOUT_MS = 10_000;
/** Leeway for clocks that disagree a little between the provider and us. */
const CLOCK_TOLERANCE_SECONDS = 60;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
}

/** Why a step failed, for the audit log; never shown with secrets. */
export class OidcError extends Error {
  constructor(readonly reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OidcError';
  }
}

const isLoopback = (url: URL): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** Provider URLs must be https; plain http is allowed on loopback only (local testing). */
export function checkProviderUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OidcError('bad_url', `${what} is not a URL: ${value.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new OidcError('insecure_url', `${what} must use https (http only on loopback): ${value.slice(0, 200)}`);
  }
  return url;
}

/** Problems with a provider's configuration, found at start rather than at the first sign-in. */
export function providerConfigProblems(p: OidcProviderConfig): string[] {
  const problems: string[] = [];
  for (const [value, what] of [[p.issuer, 'issuer'], [p.redirectUri, 'redirectUri']] as const) {
    try {
      checkProviderUrl(value, what);
    } catch (e) {
      problems.push(`oidcProviders.${p.id}: ${(e as Error).message}`);
    }
  }
  if (!p.scopes.split(/\s+/).includes('openid')) problems.push(`oidcProviders.${p.id}: scopes must include openid`);
  if (!(PERSON_TYPES as readonly string[]).includes(p.jit.personType)) problems.push(`oidcProviders.${p.id}: jit.personType ${p.jit.personType} is not a §8.3 person type`);
  for (const [group, role] of Object.entries(p.groupRoles)) {
    if (!(ROLES as readonly string[]).includes(role) || role === 'employee' || STATEWIDE_ONLY.has(role as Role)) {
      problems.push(`oidcProviders.${p.id}: group ${group} maps to ${role}, which a provider may not grant`);
    }
  }
  return problems;
}

export const randomToken = (): string => randomBytes(32).toString('base64url');
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

async function fetchJson(url: string, init: RequestInit, what: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (e) {
    throw new OidcError(`${what}_unreachable`, `${what}: ${url} did not answer`, { cause: e });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OidcError(`${what}_not_json`, `${what}: HTTP ${res.status}, not JSON`);
  }
  if (!res.ok) {
    const error = typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error.slice(0, 64) : `http_${res.status}`;
    throw new OidcError(`${what}_${error}`, `${what}: HTTP ${res.status} ${error}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OidcError(`${what}_not_object`, `${what}: not a JSON object`);
  return body as Record<string, unknown>;
}

export class OidcClient {
  readonly config: OidcProviderConfig;
  readonly #now: () => number;
  #discovery: Promise<Discovery> | null = null;
  #jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(config: OidcProviderConfig, now: () => number) {
    this.config = config;
    this.#now = now;
  }

  /** The provider's metadata, fetched once and cached; a failure is retried next time. */
  discover(): Promise<Discovery> {
    this.#discovery ??= this.#fetchDiscovery().catch((e: unknown) => {
      this.#discovery = null;
      throw e;
    });
    return this.#discovery;
  }

  async #fetchDiscovery(): Promise<Discovery> {
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const d = await fetchJson(url, { headers: { accept: 'application/json' } }, 'discovery');
    // OIDC Discovery §4.3: the issuer in the document must be exactly the one configured.
    if (d.issuer !== this.config.issuer) throw new OidcError('discovery_issuer_mismatch', `discovery: issuer ${String(d.issuer).slice(0, 200)} is not ${this.config.issuer}`);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof d[key] !== 'string') throw new OidcError('discovery_incomplete', `discovery: ${key} is missing`);
      checkProviderUrl(d[key], key);
    }
    const methods = Array.isArray(d.token_endpoint_auth_methods_supported) ? d.token_endpoint_auth_methods_supported.filter((m): m is string => typeof m === 'string') : undefined;
    const discovery: Discovery = {
      issuer: d.issuer, authorization_endpoint: d.authorization_endpoint as string, token_endpoint: d.token_endpoint as string,
      jwks_uri: d.jwks_uri as string, ...(methods ? { token_endpoint_auth_methods_supported: methods } : {}),
    };
    this.#jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { timeoutDuration: HTTP_TIMEOUT_MS });
    return discovery;
  }

  async authorizationUrl(input: { state: string; nonce: string; codeVerifier: string }): Promise<string> {
    const d = await this.discover();
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      state: input.state,
      nonce: input.nonce,
      code_challenge: pkceChallenge(input.codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** Trades the code for tokens; returns the ID token. */
  async exchange(code: string, codeVerifier: string): Promise<string> {
    const d = await this.discover();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.config.redirectUri, code_verifier: codeVerifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    // client_secret_basic is the default (RFC 6749 §2.3.1); post only when the provider offers nothing else.
    const methods = d.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (methods.includes('client_secret_basic')) {
      const enc = (s: string) => encodeURIComponent(s);
      headers.authorization = `Basic ${Buffer.from(`${enc(this.config.clientId)}:${enc(this.config.clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', this.config.clientId);
      form.set('client_secret', this.config.clientSecret);
    }
    const body = await fetchJson(d.token_endpoint, { method: 'POST', headers, body: form.toString() }, 'token');
    if (typeof body.id_token !== 'string') throw new OidcError('token_no_id_token', 'token: the response has no id_token');
    return body.id_token;
  }

  /** Validates an ID token for this client and this sign-in's nonce; returns its claims. */
  async verifyIdToken(idToken: string, expectedNonce: string): Promise<JWTPayload> {
    const d = await this.discover();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.#jwks!, {
        issuer: d.issuer,
        audience: this.config.clientId,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.#now()),
      }));
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'invalid';
      throw new OidcError(`id_token_${code.replace(/^ERR_/, '').toLowerCase()}`, `ID token refused: ${(e as Error).message}`, { cause: e });
    }
    if (payload.nonce !== expectedNonce) throw new OidcError('id_token_nonce_mismatch', 'ID token refused: the nonce is not this sign-in\'s');
    // OIDC Core §3.1.3.7: with several audiences, azp must name us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.config.clientId) {
      throw new OidcError('id_token_azp_mismatch', 'ID token refused: azp is not this client');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) throw new OidcError('id_token_bad_sub', 'ID token refused: bad sub');
    return payload;
  }
}

/** The configured providers, by id. */
export class OidcRegistry {
  readonly #clients = new Map<string, OidcClient>();

  constructor(providers: readonly OidcProviderConfig[], now: () => number) {
    const problems = providers.flatMap(providerConfigProblems);
    const ids = providers.map((p) => p.id);
    if (new Set(ids).size !== ids.length) problems.push('oidcProviders: ids must be unique');
    if (problems.length > 0) throw new ConfigError(problems);
    for (const p of providers) this.#clients.set(p.id, new OidcClient(p, now));
  }

  get(id: string): OidcClient | undefined {
    return this.#clients.get(id);
  }

  list(): { id: string; label: string }[] {
    return [...this.#clients.values()].map((c) => ({ id: c.config.id, label: c.config.label ?? c.config.id }));
  }
}

