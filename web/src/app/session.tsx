/** The signed-in session for the whole app: who the user is, what they may do, and the API client that acts for them. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from './api';
import { loadSession, signIn, signOut, type SessionState } from './session-state';
import type { SessionInfo } from './wire';

interface SessionContextValue {
  state: SessionState;
  api: ApiClient;
  /** Re-reads the session; a failure to reach the server is reported, not mistaken for signing out. */
  refresh(): Promise<void>;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  loadError: string | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const ENDED = 'Your session ended. Sign in again.';

type Setter<T> = (value: T) => void;

/** Re-reads the session; a failure to reach the server is reported, not mistaken for signing out. */
async function reread(api: ApiClient, setState: Setter<SessionState>, setLoadError: Setter<string | null>, notice: string | null): Promise<void> {
  try {
    setState(await loadSession(api, notice));
    setLoadError(null);
  } catch (e) {
    setLoadError(e instanceof Error ? e.message : String(e));
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [api] = useState(() => {
    // When the server says the session or a gate changed (signed out
    // elsewhere, a new policy to acknowledge), re-read it so the right gate shows.
    const client: ApiClient = new ApiClient({ onSessionChange: () => void reread(client, setState, setLoadError, ENDED) });
    return client;
  });

  useEffect(() => {
    void reread(api, setState, setLoadError, null);
  }, [api]);

  const value = useMemo<SessionContextValue>(() => ({
    state,
    api,
    loadError,
    refresh: () => reread(api, setState, setLoadError, ENDED),
    signIn: async (username, password) => setState(await signIn(api, username, password)),
    signOut: async () => setState(await signOut(api)),
  }), [state, api, loadError]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client, for screens below the sign-in gate. */
export const useApi = (): ApiClient => useSession().api;

/** The signed-in session; only for screens rendered after the gates. */
export function useSignedIn(): SessionInfo & { can(permission: string): boolean; permissionSet: ReadonlySet<string> } {
  const { state } = useSession();
  const session = state.status === 'signed-in' ? state.session : null;
  const signedIn = useMemo(() => {
    if (!session) return null;
    const permissionSet: ReadonlySet<string> = new Set(session.permissions);
    return { ...session, permissionSet, can: (p: string) => permissionSet.has(p) };
  }, [session]);
  if (!signedIn) throw new Error('useSignedIn before sign-in');
  return signedIn;
}
