import { useState } from 'react';
import { useApi } from '../../app/session';
import type { DirectoryEntry, Page as ApiPage } from '../../app/wire';
import { FormError, TextField } from '../../components/Field';
import { useDebounced } from '../../components/use-debounced';
import { useLoad, useSubmit } from '../../components/use-async';
import { PersonItem } from './PersonItem';

/** Adds people to a group the user is in: find them in the directory, add one at a time. */
export function AddPeople({ conversationId, memberIds }: { conversationId: string; memberIds: readonly string[] }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim());
  const found = useLoad(
    () => (q.length > 0 ? api.get<ApiPage<DirectoryEntry>>('/api/v1/directory', { q, limit: 8 }) : Promise.resolve({ items: [] })),
    `add\u0000${q}`,
  );
  const add = useSubmit();
  const [added, setAdded] = useState<string | null>(null);
  const candidates = (found.data?.items ?? []).filter((p) => !memberIds.includes(p.id));
  const onAdd = (p: DirectoryEntry) => void add.run(async () => {
    // The server announces the new member list to everyone in it, this browser included.
    await api.post(`/api/v1/conversations/${conversationId}/members`, { userIds: [p.id] });
    setAdded(p.displayName);
    setQuery('');
  });
  return (
    <div className="add-people">
      <TextField label="Add people" type="search" name="add-people" value={query} autoComplete="off" hint="Name or username"
        onChange={(e) => setQuery(e.target.value)} />
      <FormError error={add.errors.form} />
      {added ? <p className="sr-only" role="status">{added} was added.</p> : null}
      {candidates.length > 0 ? (
        <ul className="people" aria-label="People to add">
          {candidates.map((p) => (
            <PersonItem key={p.id} person={p}>
              <button type="button" className="person__action" disabled={add.pending} onClick={() => onAdd(p)} aria-label={`Add ${p.displayName}`}>Add</button>
            </PersonItem>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
