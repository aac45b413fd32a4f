import { useState } from 'react';
import { MessageFiles } from './Attachments';
import { formatTime } from './format-time';
import type { Pending } from './outbox';
import type { ShownMessage } from './timeline';
import { useChatStore } from './use-chat';

function EditForm({ m, conversationId, done }: { m: ShownMessage; conversationId: string; done(): void }) {
  const store = useChatStore();
  const [body, setBody] = useState(m.body ?? '');
  const save = () => {
    const next = body.trim();
    if (next && next !== m.body) store.edit(conversationId, m.messageId, next);
    done();
  };
  return (
    <form className="msg__edit" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <label className="sr-only" htmlFor={`edit-${m.messageId}`}>Edit message</label>
      <textarea id={`edit-${m.messageId}`} value={body} rows={2} autoFocus onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') done();
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); save(); }
        }} />
      <div className="msg__actions">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={done}>Cancel</button>
      </div>
    </form>
  );
}

/** An edit or delete of this message on its way, or refused: said next to it, never dropped silently. */
function ChangeState({ change }: { change: Pending }) {
  const store = useChatStore();
  const what = change.kind === 'delete' ? 'Delete' : 'Edit';
  if (change.state !== 'failed') return <p className="msg__state">{change.kind === 'delete' ? 'Deleting…' : 'Saving the edit…'}</p>;
  return (
    <div className="msg__actions" role="alert">
      <span className="form-error">{what} failed: {change.error}</span>
      <button type="button" onClick={() => store.retry(change.clientId)}>Retry</button>
      <button type="button" onClick={() => store.discard(change.clientId)}>Discard</button>
    </div>
  );
}

/** One message: who, when, the text (or that it was deleted), and for my own, edit and delete. */
export function MessageItem({ m, conversationId, sender, mine, change, found = false }: {
  m: ShownMessage; conversationId: string; sender: string; mine: boolean; change?: Pending | undefined;
  /** The message a search hit opened: marked, and focusable so the list can take the keyboard to it. */
  found?: boolean;
}) {
  const store = useChatStore();
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const mentionsMe = !mine && !m.deleted && (m.mentionsAll || m.mentions.includes(store.me));
  return (
    <li className={`msg${mine ? ' msg--mine' : ''}${mentionsMe ? ' msg--mention' : ''}${found ? ' msg--found' : ''}`} data-seq={m.seq}
      data-message-id={m.messageId} {...(found ? { tabIndex: -1 } : {})}>
      <p className="msg__meta">
        {mentionsMe ? <span className="msg__tag">Mentions you </span> : null}
        <span className="msg__sender">{sender}</span> <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt)}</time>
        {m.edited && !m.deleted ? <span className="msg__edited"> (edited)</span> : null}
      </p>
      {m.deleted ? <p className="msg__deleted">message deleted</p>
        : mode === 'edit' ? <EditForm m={m} conversationId={conversationId} done={() => setMode('view')} />
        : m.body ? <p className="msg__body">{m.body}</p> : null}
      {!m.deleted ? <MessageFiles files={m.attachments} /> : null}
      {change && change.state !== 'confirm' ? <ChangeState change={change} /> : null}
      {mine && !m.deleted && mode === 'view' ? (
        <div className="msg__actions">
          <button type="button" className="link-button" onClick={() => setMode('edit')} aria-label={`Edit message from ${formatTime(m.createdAt)}`}>Edit</button>
          <button type="button" className="link-button" onClick={() => setMode('delete')} aria-label={`Delete message from ${formatTime(m.createdAt)}`}>Delete</button>
        </div>
      ) : null}
      {mode === 'delete' ? (
        <div className="msg__actions" role="group" aria-label="Delete this message?">
          <span>Delete for everyone? The record keeps it.</span>
          <button type="button" className="danger" onClick={() => { store.remove(conversationId, m.messageId); setMode('view'); }}>Delete</button>
          <button type="button" onClick={() => setMode('view')} autoFocus>Keep</button>
        </div>
      ) : null}
    </li>
  );
}
