import { useEffect, useState } from 'react';
import { AddPeople } from './AddPeople';
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

/** Everyone in a group or channel, and the way out of it (a direct conversation cannot be left). */
function MembersPanel({ conversationId, memberIds, kind, onLeft }: { conversationId: string; memberIds: readonly string[]; kind: string; onLeft(): void }) {
  const [snap, store] = useChat();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leave = async () => {
    setError(null);
    try {
      await store.leave(conversationId);
      onLeft();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="members">
      <summary>Members ({memberIds.length})</summary>
      <ul className="members__list" aria-label="Members">
        {memberIds.map((id) => (
          <li key={id}><PresenceDot status={id === store.me ? 'online' : snap.presence[id]} /> {id === store.me ? 'You' : store.nameOf(id)}</li>
        ))}
      </ul>
      {kind === 'group' ? <AddPeople conversationId={conversationId} memberIds={memberIds} /> : null}
      {kind !== 'direct' ? (
        confirming ? (
          <div className="msg__actions" role="group" aria-label={`Leave this ${kind}?`}>
            <span>Leave this {kind}? You stop receiving its messages{kind === 'channel' ? '; you can join again' : ''}.</span>
            <button type="button" className="danger" onClick={() => void leave()}>Leave</button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus>Stay</button>
          </div>
        ) : <button type="button" onClick={() => setConfirming(true)}>Leave {kind}</button>
      ) : null}
      {error ? <p className="form-error" role="alert">Could not leave: {error}</p> : null}
    </details>
  );
}

/** One conversation: who is in it, its messages, who is typing, and the composer. */
export function ConversationView({ conversationId, focusComposer, focusMessageId, onClose }: {
  conversationId: string; focusComposer: boolean; onClose(): void;
  /** A search hit to take the view to. */
  focusMessageId?: string | undefined;
}) {
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
        {summary && members ? <MembersPanel conversationId={conversationId} memberIds={members} kind={summary.kind} onLeft={onClose} /> : null}
      </header>
      {error ? <p className="form-error" role="alert">Could not load this conversation: {error}</p> : (
        <>
          <MessageList conversationId={conversationId} focusMessageId={focusMessageId} />
          <TypingLine names={(snap.typing[conversationId] ?? []).map(store.nameOf)} />
          <PolicyIssuePanel conversationId={conversationId} />
          <Composer conversationId={conversationId} autoFocus={focusComposer && !focusMessageId} />
        </>
      )}
      <ConfirmDialog pending={confirming} />
    </section>
  );
}
