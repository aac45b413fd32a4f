import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../app/session';
import type { SearchHit as Hit } from '../../app/wire';
import { TextField } from '../../components/Field';
import { LoadState } from '../../components/Page';
import { useDebounced } from '../../components/use-debounced';
import { useLoad } from '../../components/use-async';
import { titleOf } from './conversations';
import { formatTime } from './format-time';
import { splitRuns } from './frames';
import { useChat } from './use-chat';


const NO_MORE: { items: Hit[]; next?: string } = { items: [] };

/** Where the query appears in a hit, case-insensitively, for marking it. */
function matchesOf(body: string, q: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const hay = body.toLowerCase();
  const needle = q.toLowerCase();
  for (let i = hay.indexOf(needle); i >= 0 && needle; i = hay.indexOf(needle, i + needle.length)) out.push({ start: i, end: i + needle.length });
  return out;
}

/**
 * Search my conversations: messages whose text, as members see it, holds the
 * words typed (edited-away and deleted text is not found). A hit opens its conversation at that message.
 */
export function MessageSearch({ onOpen }: { onOpen(conversationId: string, messageId: string): void }) {
  const api = useApi();
  const [snap, store] = useChat();
  const [query, setQuery] = useState('');
  // Later pages, for the query they belong to: a new query starts without them.
  const [later, setLater] = useState<{ q: string; items: Hit[]; next?: string }>({ q: '', items: [] });
  const q = useDebounced(query.trim());
  const ready = q.length >= 2;
  const first = useLoad(() => (ready ? api.get<{ items: Hit[]; next?: string }>('/api/v1/search/messages', { q, limit: 20 }) : Promise.resolve(null)), q);
  const [moreError, setMoreError] = useState<string | null>(null);
  const more = later.q === q ? later : NO_MORE;
  const items = useMemo(() => [...(first.data?.items ?? []), ...more.items], [first.data, more.items]);
  // Once a later page has come for this query, its cursor rules, even when that page held no hits and no cursor.
  const next = later.q === q ? later.next : first.data?.next;
  useEffect(() => store.resolveNames(items.map((h) => h.senderId)), [items, store]);
  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    try {
      const page = await api.get<{ items: Hit[]; next?: string }>('/api/v1/search/messages', { q, limit: 20, after: next });
      setLater({ q, items: [...more.items, ...page.items], ...(page.next ? { next: page.next } : {}) });
    } catch (e) {
      setMoreError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="search" aria-labelledby="search-title">
      <h2 id="search-title">Search messages</h2>
      <div role="search">
        <TextField label="Search my conversations" type="search" name="message-q" value={query} autoComplete="off" maxLength={100}
          hint="At least 2 characters" onChange={(e) => setQuery(e.target.value)} />
      </div>
      {ready ? <LoadState loading={first.loading && !first.data} error={first.error} what="search results" /> : null}
      <p className="sr-only" role="status">{ready && first.data ? `${items.length}${next ? ' or more' : ''} ${items.length === 1 ? 'message' : 'messages'} found` : ''}</p>
      {ready && first.data && items.length === 0 && !next ? <p className="muted">No message holds “{q}”.</p> : null}
      {ready && items.length > 0 ? (
        <ul className="hits" aria-label="Messages found">
          {items.map((h) => {
            const c = snap.conversations?.find((x) => x.id === h.conversationId);
            const where = !c ? 'a conversation' : c.kind === 'direct' ? 'a direct message' : titleOf(c, snap.members[c.id], store.me, store.nameOf);
            return (
              <li key={h.messageId}>
                <button type="button" className="hit" onClick={() => onOpen(h.conversationId, h.messageId)}>
                  <span className="hit__meta">{h.senderId === store.me ? 'You' : store.nameOf(h.senderId)} in {where}, <time dateTime={new Date(h.createdAt).toISOString()}>{formatTime(h.createdAt)}</time></span>
                  <span className="hit__body">{splitRuns(h.body, matchesOf(h.body, q)).map((r, i) => (r.span ? <mark key={i}>{r.text}</mark> : <span key={i}>{r.text}</span>))}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {moreError ? <p className="form-error" role="alert">Could not load more results: {moreError}</p> : null}
      {ready && next ? <button type="button" onClick={() => void loadMore()}>More results</button> : null}
    </section>
  );
}
