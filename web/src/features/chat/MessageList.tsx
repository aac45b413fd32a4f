import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { MessageFiles } from './Attachments';
import { MessageItem } from './MessageItem';
import type { Pending } from './outbox';
import { itemsOf, newestSeq, type TimelineItem } from './timeline';
import { useChat } from './use-chat';
import { useStickToBottom } from './use-stick-to-bottom';

const PENDING_TEXT: Record<Pending['state'], string> = { sending: 'Sending…', acked: 'Sent', confirm: 'Needs a justification', failed: 'Not sent' };

function PendingItem({ p }: { p: Pending }) {
  const [snap, store] = useChat();
  const waiting = p.state === 'sending' && snap.status !== 'connected';
  return (
    <li className={`msg msg--mine msg--pending msg--${p.state}`} data-testid="pending">
      <p className="msg__meta"><span className="msg__sender">You</span> <span className="msg__state">{waiting ? 'Waiting for the connection…' : PENDING_TEXT[p.state]}</span></p>
      {p.body ? <p className="msg__body">{p.body}</p> : null}
      <MessageFiles files={p.attachments ?? []} />
      {p.state === 'failed' ? (
        <div className="msg__actions">
          <span className="form-error">{p.error}</span>
          <button type="button" onClick={() => store.retry(p.clientId)}>Retry</button>
          <button type="button" onClick={() => store.discard(p.clientId)}>Discard</button>
        </div>
      ) : null}
    </li>
  );
}

/** Pages older history a bounded number of times looking for a search hit. */
const MAX_JUMP_PAGES = 40;

/**
 * Takes the view to one message (a search hit): pages back until it is loaded,
 * then scrolls it to the middle and gives it the keyboard focus.
 */
function useJumpTo(listRef: RefObject<HTMLDivElement | null>, messageId: string | undefined, timeline: { hasOlder: boolean } | undefined, loading: boolean, loadOlder: () => void) {
  const pages = useRef(0);
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!messageId || !timeline || done.current === messageId) return;
    const el = listRef.current?.querySelector<HTMLElement>(`li[data-message-id="${CSS.escape(messageId)}"]`);
    if (el) {
      done.current = messageId;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    } else if (timeline.hasOlder && !loading && pages.current < MAX_JUMP_PAGES) {
      pages.current += 1;
      loadOlder();
    }
  }, [listRef, messageId, timeline, loading, loadOlder]);
}

/** The conversation's messages, oldest first, then my unsent ones; scrolling up loads older ones. */
export function MessageList({ conversationId, focusMessageId }: { conversationId: string; focusMessageId?: string | undefined }) {
  const [snap, store] = useChat();
  const timeline = snap.timelines[conversationId];
  const items = useMemo<TimelineItem[]>(() => (timeline ? itemsOf(timeline) : []), [timeline]);
  const pending = snap.pending.filter((p) => p.conversationId === conversationId && p.kind === 'send');
  const changes = new Map(snap.pending.filter((p) => p.conversationId === conversationId && p.kind !== 'send').map((p) => [p.messageId, p]));
  const loadOlder = useCallback(() => store.loadOlder(conversationId), [store, conversationId]);
  const first = items[0];
  const { ref, atBottom, onScroll, toBottom } = useStickToBottom(items.length + pending.length, first ? (first.kind === 'message' ? first.message.seq : first.seq) : undefined, loadOlder);
  const newest = timeline ? newestSeq(timeline) : 0;
  const unread = snap.conversations?.find((c) => c.id === conversationId)?.unread ?? 0;
  const last = [...items].reverse().find((i) => i.kind === 'message');
  const lastIncoming = last?.kind === 'message' && last.message.senderId !== store.me ? last.message : null;
  useJumpTo(ref, focusMessageId, timeline, snap.olderLoading[conversationId] ?? false, loadOlder);

  // The newest message is on screen in a visible tab: it has been read (SPEC [RD-1]).
  useEffect(() => {
    const mark = () => {
      if (atBottom && newest > 0 && document.visibilityState === 'visible') store.markRead(conversationId, newest);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [atBottom, newest, store, conversationId, snap.conversations]);

  return (
    <>
      <div className="msgs" ref={ref} onScroll={onScroll} tabIndex={0} role="region" aria-label="Messages" aria-busy={!timeline}>
        {!timeline ? <p className="muted" role="status">Loading messages…</p> : null}
        {timeline?.hasOlder ? (
          <button type="button" className="msgs__older" onClick={loadOlder} disabled={snap.olderLoading[conversationId]}>
            {snap.olderLoading[conversationId] ? 'Loading older messages…' : 'Load older messages'}
          </button>
        ) : null}
        {timeline && items.length === 0 && pending.length === 0 ? <p className="muted">No messages yet. Say hello.</p> : null}
        <ol className="msgs__list">
          {items.map((i) => (i.kind === 'message' ? (
            <MessageItem key={i.message.messageId} m={i.message} conversationId={conversationId}
              sender={i.message.senderId === store.me ? 'You' : store.nameOf(i.message.senderId)} mine={i.message.senderId === store.me} change={changes.get(i.message.messageId)}
              found={i.message.messageId === focusMessageId} />
          ) : (
            <li key={`m${i.seq}`} className="msg msg--system">{store.nameOf(i.userId)} {i.joined ? 'joined' : 'left'}</li>
          )))}
          {pending.map((p) => <PendingItem key={p.clientId} p={p} />)}
        </ol>
      </div>
      {!atBottom && timeline ? (
        <button type="button" className="msgs__newest" onClick={toBottom}>
          Jump to newest{unread > 0 ? ` (${unread} new)` : ''}
        </button>
      ) : null}
      {/* Announces each new incoming message once, without re-reading the whole list. */}
      <p className="sr-only" aria-live="polite" data-testid="announcer">
        {lastIncoming ? `${store.nameOf(lastIncoming.senderId)}: ${lastIncoming.deleted ? 'message deleted' : lastIncoming.body ?? ''}` : ''}
      </p>
    </>
  );
}
