/**
 * The HTTP client for Parley's API. The browser authenticates with the
 * HttpOnly session cookie, so every change must carry the session's CSRF token
 * in `x-csrf-token`; this client keeps the token and adds it. Errors become
 * ApiError with the server's stable code (docs/errors.md), so screens branch on
 * `code`, show `message`, and tie it to the input named by `field`.
 */

export interface WireErrorBody {
  error: { code: string; message: string; data?: Record<string, unknown>; requestId?: string };
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly data: Record<string, unknown>;
  readonly requestId: string | null;

  constructor(code: string, message: string, status: number, data: Record<string, unknown> = {}, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.data = data;
    this.requestId = requestId;
  }

  /** The request field the server blamed, without its "body."/"query." prefix: matches a form input's name. */
  get field(): string | null {
    const f = this.data.field;
    return typeof f === 'string' ? f.replace(/^(body|query|params)\./, '') : null;
  }
}

/** Codes after which the app must re-read the session: the user is signed out, or a gate closed. */
export const SESSION_CODES: ReadonlySet<string> = new Set(['unauthenticated', 'password_change_required', 'policy_ack_required', 'device_required', 'device_pending']);

export type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** The caller handles session answers itself (reading the session): do not report them. */
  quiet?: boolean;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Called when an answer means the session or one of its gates changed (see SESSION_CODES). */
  onSessionChange?: (error: ApiError) => void;
}

const SAFE = new Set(['GET', 'HEAD']);

/** Builds `path?query`, leaving out empty values so filters that are not set are not sent. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic error with the status.
  }
  const e = (body as WireErrorBody | null)?.error;
  if (e && typeof e.code === 'string') return new ApiError(e.code, e.message, res.status, e.data ?? {}, e.requestId ?? null);
  return new ApiError('http_error', `The server answered ${res.status} ${res.statusText}.`, res.status);
}

export class ApiClient {
  #csrfToken: string | null = null;
  readonly #fetch: typeof fetch;
  readonly #onSessionChange: (error: ApiError) => void;

  constructor(options: ApiClientOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#onSessionChange = options.onSessionChange ?? (() => {});
  }

  /** Set from the sign-in answer and from GET /session; cleared at sign-out. */
  setCsrfToken(token: string | null): void {
    this.#csrfToken = token;
  }

  get csrfToken(): string | null {
    return this.#csrfToken;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body === undefined ? {} : { body });
  }

  delete<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('DELETE', path, query ? { query } : {});
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.#send(method, path, options);
    if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
    let error = await toApiError(res);
    // A CSRF token goes stale when the session behind the cookie was replaced
    // (a sign-in in another tab). Fetch the live session's token and retry once.
    if (error.code === 'csrf_failed' && !SAFE.has(method) && (await this.#refreshCsrf())) {
      const retry = await this.#send(method, path, options);
      if (retry.ok) return (retry.status === 204 ? undefined : await retry.json()) as T;
      error = await toApiError(retry);
    }
    if (SESSION_CODES.has(error.code) && !options.quiet) this.#onSessionChange(error);
    throw error;
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE.has(method) && this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;
    try {
      return await this.#fetch(withQuery(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch {
      throw new ApiError('network', 'The server could not be reached. Check the connection and try again.', 0);
    }
  }

  async #refreshCsrf(): Promise<boolean> {
    const res = await this.#send('GET', '/api/v1/session', {});
    if (!res.ok) return false;
    const session = (await res.json()) as { csrfToken?: unknown };
    if (typeof session.csrfToken !== 'string' || session.csrfToken === this.#csrfToken) return false;
    this.#csrfToken = session.csrfToken;
    return true;
  }
}
