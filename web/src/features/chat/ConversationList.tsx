import { LoadState } from '../../components/Page';
import { titleOf } from './conversations';
import { PresenceDot } from './PresenceDot';
import { useChat } from './use-chat';

/** My conversations, most recent first, with unread counts and, for direct ones, the other person's presence. */
export function ConversationList({ selected, onSelect }: { selected: string | null; onSelect(id: string): void }) {
  const [snap, store] = useChat();
  const list = snap.conversations;
  return (
    <section className="convs" aria-labelledby="convs-title">
      <h2 id="convs-title" tabIndex={-1}>Conversations</h2>
      <LoadState loading={list === null && !snap.listError} error={snap.listError} what="conversations" />
      {list && list.length === 0 ? <p className="muted">No conversations yet. Find a person below to start one.</p> : null}
      <ul className="convs__list" aria-label="My conversations">
        {(list ?? []).map((c) => {
          const members = snap.members[c.id];
          const title = titleOf(c, members, store.me, store.nameOf);
          const other = c.kind === 'direct' ? members?.find((id) => id !== store.me) : undefined;
          return (
            <li key={c.id}>
              <button type="button" className="conv" aria-current={c.id === selected ? 'true' : undefined} onClick={() => onSelect(c.id)}>
                {other ? <PresenceDot status={snap.presence[other]} /> : <span className="conv__kind" aria-hidden="true">#</span>}
                <span className="conv__title">{title}</span>
                {/* The open conversation shows its unread count in the view ("Jump to newest"). */}
                {c.unread > 0 && c.id !== selected ? <span className="badge" data-testid="unread">{c.unread}<span className="sr-only"> unread</span></span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
