import { useEffect } from 'react';
import { Composer } from './Composer';
import { ConfirmDialog } from './ConfirmDialog';
import { titleOf } from './conversations';
import { MessageList } from './MessageList';
import { PolicyIssuePanel } from './PolicyIssuePanel';
import { PRESENCE_LABEL, PresenceDot } from './PresenceDot';
import { useChat } from './use-chat';

function TypingLine({ names }: { names: string[] }) {
  const text = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
  // Always rendered, so the composer does not jump when someone starts typing; polite, so it never interrupts.
  return <p className="typing" aria-live="polite">{text}</p>;
}

/** One conversation: who is in it, its messages, who is typing, and the composer. */
export function ConversationView({ conversationId, focusComposer, onClose }: { conversationId: string; focusComposer: boolean; onClose(): void }) {
  const [snap, store] = useChat();
  useEffect(() => store.open(conversationId), [store, conversationId]);
  const summary = snap.conversations?.find((c) => c.id === conversationId);
  const members = snap.members[conversationId];
  const title = summary ? titleOf(summary, members, store.me, store.nameOf) : 'Conversation';
  const others = (members ?? []).filter((id) => id !== store.me);
  const confirming = snap.pending.find((p) => p.conversationId === conversationId && p.state === 'confirm') ?? null;
  const error = snap.timelineErrors[conversationId];

  return (
    <section className="chat__main" aria-labelledby="conv-title">
      <header className="conv-head">
        <button type="button" className="conv-head__back" onClick={onClose}>Back to conversations</button>
        <h2 id="conv-title">{title}</h2>
        {summary?.kind === 'direct' && others.length === 1 ? (
          <p className="conv-head__members"><PresenceDot status={snap.presence[others[0]!]} /> {PRESENCE_LABEL[snap.presence[others[0]!] ?? 'unknown']}</p>
        ) : others.length > 0 ? (
          <ul className="conv-head__members" aria-label="People in this conversation">
            {others.slice(0, 8).map((id) => (
              <li key={id}><PresenceDot status={snap.presence[id]} /> {store.nameOf(id)}</li>
            ))}
            {others.length > 8 ? <li>and {others.length - 8} more</li> : null}
          </ul>
        ) : null}
      </header>
      {error ? <p className="form-error" role="alert">Could not load this conversation: {error}</p> : (
        <>
          <MessageList conversationId={conversationId} />
          <TypingLine names={(snap.typing[conversationId] ?? []).map(store.nameOf)} />
          <PolicyIssuePanel conversationId={conversationId} />
          <Composer conversationId={conversationId} autoFocus={focusComposer} />
        </>
      )}
      <ConfirmDialog pending={confirming} />
    </section>
  );
}
