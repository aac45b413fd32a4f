/**
 * The coaching engine for the chat view: the current pack from the server,
 * compiled in the browser by the policy engine, loaded on demand (its own
 * chunk) once per policy version. Coaching is a help, not a gate: if it cannot
 * load, the composer says so and the server still checks every message.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../app/api';
import { useApi, useSignedIn } from '../../app/session';
import { useDebounced } from '../../components/use-debounced';
import type { ConversationKind } from '../../../../src/domain/messaging.js';
import type { PolicyPack } from '../../../../src/policy/index.js';
import type * as CoachingModuleNs from './coaching';
import type { Coach, Coaching, Sender } from './coaching';

type CoachingModule = typeof CoachingModuleNs;

export type CoachState =
  | { status: 'loading' }
  | { status: 'ready'; coach: Coach; engine: CoachingModule }
  | { status: 'unavailable'; reason: string };

let cache: { policyVersionId: string; promise: Promise<CoachState> } | null = null;

function load(api: ApiClient, policyVersionId: string): Promise<CoachState> {
  if (cache?.policyVersionId === policyVersionId) return cache.promise;
  const promise = Promise.all([
    import('./coaching'),
    api.get<{ policyVersionId: string; pack: PolicyPack }>('/api/v1/policy/current/pack'),
  ]).then(
    ([engine, current]): CoachState => ({ status: 'ready', engine, coach: engine.compileCoach(current.policyVersionId, current.pack) }),
    (e: unknown): CoachState => ({ status: 'unavailable', reason: e instanceof Error ? e.message : String(e) }),
  );
  cache = { policyVersionId, promise };
  // A failure is not kept: the next chat view asks again.
  void promise.then((s) => { if (s.status === 'unavailable' && cache?.promise === promise) cache = null; });
  return promise;
}

export function useCoach(): CoachState {
  const api = useApi();
  const policyVersionId = useSignedIn().policy.id;
  const [state, setState] = useState<CoachState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    void load(api, policyVersionId).then((s) => { if (live) setState(s); });
    return () => { live = false; };
  }, [api, policyVersionId]);
  return state;
}

/** Who is sending, as the policy's scopes see it (agency, roles, §8.3 person type). */
export function useSender(): Sender {
  const me = useSignedIn();
  return useMemo(() => ({ agencyId: me.user.agencyId, roles: me.roles.map((r) => r.role), personType: me.user.personType }), [me]);
}

/**
 * The coaching for a draft, after typing pauses briefly, with the text it is
 * about (its offsets fit only that text). Null while the engine loads or for an empty draft.
 */
export function useCoaching(state: CoachState, text: string, kind: ConversationKind | undefined): (Coaching & { text: string }) | null {
  const sender = useSender();
  const settled = useDebounced(text, 250);
  return useMemo(() => {
    if (state.status !== 'ready' || !kind || !settled.trim()) return null;
    return { ...state.engine.coach(state.coach, settled, sender, kind), text: settled };
  }, [state, settled, sender, kind]);
}
