import { useMemo } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { Agency } from '../../app/wire';
import { useLoad } from '../../components/use-async';

export interface Agencies {
  list: Agency[];
  error: string | null;
  loading: boolean;
  /** "CODE: Name" for an id, "Statewide" for null. */
  label(id: string | null): string;
  reload(): void;
}

/** The agencies in the caller's scope, for lists, filters and pickers. Empty without agency.read. */
export function useAgencies(): Agencies {
  const api = useApi();
  const me = useSignedIn();
  const allowed = me.can('agency.read');
  const loaded = useLoad(async () => (allowed ? (await api.get<{ items: Agency[] }>('/api/v1/agencies')).items : []), String(allowed));
  const list = useMemo(() => loaded.data ?? [], [loaded.data]);
  return useMemo(() => {
    const byId = new Map(list.map((a) => [a.id, a]));
    return {
      list,
      error: loaded.error,
      loading: loaded.loading,
      reload: loaded.reload,
      label: (id) => {
        if (id === null) return 'Statewide';
        const a = byId.get(id);
        return a ? `${a.code}: ${a.name}` : id;
      },
    };
  }, [list, loaded.error, loaded.loading, loaded.reload]);
}
