import { useEffect, useState } from 'react';
import { useApi } from '../../app/session';
import type { DirectoryEntry, Page as ApiPage } from '../../app/wire';
import { TextField } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { PagerControls } from '../../components/Pager';
import { usePager } from '../../components/pager';
import { useDebounced } from '../../components/use-debounced';
import { useLoad } from '../../components/use-async';
import { useChatStore } from './use-chat';
import { PersonItem } from './PersonItem';

const PAGE_SIZE = 20;

/** Find people to message (active State users), by name or username. */
export function DirectorySearch({ onMessage }: { onMessage(person: DirectoryEntry): void }) {
  const api = useApi();
  const store = useChatStore();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim());
  const pager = usePager<string>(q);
  const results = useLoad(
    () => api.get<ApiPage<DirectoryEntry>>('/api/v1/directory', { q, after: pager.cursor, limit: PAGE_SIZE }),
    `${q}\u0000${pager.cursor ?? ''}`,
  );
  const items = results.data?.items ?? [];
  // People found here may be named in conversations later: remember their names.
  useEffect(() => {
    if (results.data) store.learnNames(results.data.items);
  }, [results.data, store]);

  return (
    <section className="directory" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <div role="search">
        <TextField label="Find a person" type="search" name="q" value={query} autoComplete="off"
          hint="Name or username" onChange={(e) => setQuery(e.target.value)} />
      </div>
      <LoadState loading={results.loading && !results.data} error={results.error} what="people" />
      <p className="sr-only" role="status">{results.data ? `${items.length} ${items.length === 1 ? 'person' : 'people'} found` : ''}</p>
      {results.data && items.length === 0 ? <p className="muted">Nobody matches “{q}”.</p> : null}
      <ul className="people" aria-label="People found">
        {items.map((p) => (
          <PersonItem key={p.id} person={p}>
            {p.id === store.me ? <span className="muted">you</span> : (
              <button type="button" className="person__action" onClick={() => onMessage(p)} aria-label={`Message ${p.displayName}`}>Message</button>
            )}
          </PersonItem>
        ))}
      </ul>
      <PagerControls pager={pager} next={results.data?.next} label="People" />
    </section>
  );
}
