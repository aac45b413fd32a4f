import { useCallback, useState } from 'react';
import { useApi } from '../../app/session';
import type { DirectoryEntry, Page as ApiPage } from '../../app/wire';
import { FormError, TextField } from '../../components/Field';
import { useDebounced } from '../../components/use-debounced';
import { useLoad, useSubmit } from '../../components/use-async';
import { useChatStore } from './use-chat';
import { useModal } from './use-dialog';

/** Creates a group conversation: a name (optional) and the people in it, found in the directory. */
export function NewGroupDialog({ onCreated }: { onCreated(id: string): void }) {
  const api = useApi();
  const store = useChatStore();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<DirectoryEntry[]>([]);
  const q = useDebounced(query.trim());
  const found = useLoad(() => (open ? api.get<ApiPage<DirectoryEntry>>('/api/v1/directory', { q, limit: 10 }) : Promise.resolve({ items: [] })), `${open}\u0000${q}`);
  const submit = useSubmit(['name', 'memberIds']);
  const close = useCallback(() => setOpen(false), []);
  const dialog = useModal(open, close);
  const toggle = (p: DirectoryEntry) => setChosen((c) => (c.some((x) => x.id === p.id) ? c.filter((x) => x.id !== p.id) : [...c, p]));
  const create = async () => {
    const id = await store.createGroup(name.trim() || null, chosen.map((p) => p.id));
    setOpen(false);
    setName('');
    setChosen([]);
    onCreated(id);
  };
  const candidates = (found.data?.items ?? []).filter((p) => p.id !== store.me);

  return (
    <>
      <button type="button" className="convs__new" onClick={() => setOpen(true)}>New group</button>
      <dialog ref={dialog} className="dialog" aria-labelledby="new-group-title">
        <form onSubmit={submit.onSubmit(create)} className="dialog__form">
          <h2 id="new-group-title">New group</h2>
          <FormError error={submit.errors.form} />
          <TextField label="Group name" name="name" value={name} maxLength={100} hint="Optional" onChange={(e) => setName(e.target.value)} error={submit.errors.field('name')} />
          <TextField label="Add people" type="search" name="people" value={query} autoComplete="off" onChange={(e) => setQuery(e.target.value)} />
          <fieldset className="dialog__people">
            <legend>People {chosen.length > 0 ? `(${chosen.length} chosen)` : ''}</legend>
            {[...chosen, ...candidates.filter((p) => !chosen.some((c) => c.id === p.id))].map((p) => (
              <label key={p.id} className="check">
                <input type="checkbox" checked={chosen.some((c) => c.id === p.id)} onChange={() => toggle(p)} />
                {p.displayName} <span className="muted">@{p.username}</span>
              </label>
            ))}
          </fieldset>
          <div className="dialog__actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" className="primary" disabled={chosen.length === 0 || submit.pending}>Create group</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
