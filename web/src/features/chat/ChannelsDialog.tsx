import { useCallback, useState } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { ConversationView } from '../../app/wire';
import { FormError, TextField } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { useDebounced } from '../../components/use-debounced';
import { useLoad, useSubmit } from '../../components/use-async';
import { useChat } from './use-chat';
import { useModal } from './use-dialog';

type Channel = Omit<ConversationView, 'memberIds'>;

/** Create a channel for my agency: a name (letters, digits, space . _ -) and an optional topic. */
function NewChannelForm({ agencyId, onCreated }: { agencyId: string; onCreated(id: string): void }) {
  const [, store] = useChat();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const submit = useSubmit(['name', 'topic']);
  const create = async () => onCreated(await store.createChannel(name.trim(), topic.trim() || null, agencyId));
  return (
    <form onSubmit={submit.onSubmit(create)} className="dialog__form channels__new" aria-labelledby="new-channel-title">
      <h3 id="new-channel-title">New channel for my agency</h3>
      <FormError error={submit.errors.form} />
      <TextField label="Channel name" name="name" value={name} maxLength={80} required pattern="[A-Za-z0-9][A-Za-z0-9 ._\-]*"
        hint="Letters, digits, spaces, dots, dashes; stored in lower case" onChange={(e) => setName(e.target.value)} error={submit.errors.field('name')} />
      <TextField label="Topic" name="topic" value={topic} maxLength={250} hint="Optional" onChange={(e) => setTopic(e.target.value)} error={submit.errors.field('topic')} />
      <div><button type="submit" className="primary" disabled={!name.trim() || submit.pending}>Create channel</button></div>
    </form>
  );
}

/** Browse the agency channels (open to every State user), join one or open one I am in, or create one. */
export function ChannelsDialog({ onOpen }: { onOpen(id: string): void }) {
  const api = useApi();
  const me = useSignedIn();
  const [snap, store] = useChat();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const q = useDebounced(query.trim());
  const found = useLoad(() => (open ? api.get<{ items: Channel[] }>('/api/v1/channels', { q, limit: 50 }) : Promise.resolve({ items: [] })), `${open}\u0000${q}`);
  const close = useCallback(() => setOpen(false), []);
  const dialog = useModal(open, close);
  const mine = new Set((snap.conversations ?? []).map((c) => c.id));
  const go = (id: string) => {
    setOpen(false);
    onOpen(id);
  };
  const join = async (c: Channel) => {
    setError(null);
    try {
      go(await store.join(c.id));
    } catch (e) {
      setError(`Could not join #${c.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const items = found.data?.items ?? [];

  return (
    <>
      <button type="button" className="convs__new" onClick={() => setOpen(true)}>Channels</button>
      <dialog ref={dialog} className="dialog dialog--wide" aria-labelledby="channels-title">
        <div className="dialog__form">
          <h2 id="channels-title">Channels</h2>
          <div role="search">
            <TextField label="Find a channel" type="search" name="q" value={query} autoComplete="off" hint="Name starts with" onChange={(e) => setQuery(e.target.value)} />
          </div>
          <FormError error={error} />
          <LoadState loading={found.loading && !found.data} error={found.error} what="channels" />
          <p className="sr-only" role="status">{found.data ? `${items.length} ${items.length === 1 ? 'channel' : 'channels'} found` : ''}</p>
          {found.data && items.length === 0 ? <p className="muted">No channel {q ? `starts with “${q}”` : 'yet'}.</p> : null}
          <ul className="channels" aria-label="Channels found">
            {items.map((c) => (
              <li key={c.id} className="channel">
                <span className="channel__who">
                  <span className="channel__name"># {c.name}</span>
                  {c.topic ? <span className="channel__topic">{c.topic}</span> : null}
                </span>
                {mine.has(c.id)
                  ? <button type="button" onClick={() => go(c.id)} aria-label={`Open #${c.name}`}>Open</button>
                  : <button type="button" className="primary" onClick={() => void join(c)} aria-label={`Join #${c.name}`}>Join</button>}
              </li>
            ))}
          </ul>
          {me.user.agencyId ? <NewChannelForm agencyId={me.user.agencyId} onCreated={go} />
            : <p className="muted">Channels belong to an agency; you have none, so you can join channels but not create one.</p>}
          <div className="dialog__actions">
            <button type="button" onClick={close}>Close</button>
          </div>
        </div>
      </dialog>
    </>
  );
}
