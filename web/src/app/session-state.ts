/** Reading the session from the server: pure async steps, so the sign-in flow is tested without React. */
import { ApiError, type ApiClient } from './api';
import type { SessionInfo, SignInResult } from './wire';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; session: SessionInfo };

/** GET /session: signed in (and the CSRF token kept), or signed out when the cookie is missing or dead. */
export async function loadSession(api: ApiClient, notice: string | null = null): Promise<SessionState> {
  try {
    // Quiet: a 401 here is the answer being asked for, not news to report back to the session.
    const session = await api.request<SessionInfo>('GET', '/api/v1/session', { quiet: true });
    api.setCsrfToken(session.csrfToken);
    return { status: 'signed-in', session };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthenticated') {
      api.setCsrfToken(null);
      return { status: 'signed-out', notice };
    }
    throw e;
  }
}

/** POST /auth/sign-in with a cookie session, then the full session (roles, permissions, policy state). */
export async function signIn(api: ApiClient, username: string, password: string): Promise<SessionState> {
  const result = await api.post<SignInResult>('/api/v1/auth/sign-in', { username, password, kind: 'cookie' });
  api.setCsrfToken(result.csrfToken);
  const state = await loadSession(api);
  if (state.status === 'signed-out') {
    // The server accepted the password but the browser did not send the cookie back: almost
    // always a Secure cookie over plain HTTP. Say so rather than silently showing sign-in again.
    throw new ApiError('cookie_refused', 'You were signed in, but this browser did not keep the session cookie. '
      + 'Parley must be reached over HTTPS (or its operator must set PARLEY_COOKIE_SECURE=false for plain HTTP).', 0);
  }
  return state;
}

export async function signOut(api: ApiClient): Promise<SessionState> {
  try {
    await api.post('/api/v1/auth/sign-out');
  } catch (e) {
    // Already signed out (expired, ended elsewhere) is the outcome we wanted.
    if (!(e instanceof ApiError && e.code === 'unauthenticated')) throw e;
  }
  api.setCsrfToken(null);
  return { status: 'signed-out', notice: 'You are signed out.' };
}
