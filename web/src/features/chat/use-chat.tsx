/** The chat store for the chat view's components: one per signed-in chat view, created and stopped with it. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { ApiError, SESSION_CODES, type ApiClient } from '../../app/api';
import { useSession, useSignedIn } from '../../app/session';
import { ChatStore, type ChatSnapshot } from './chat-store';
import { ChatSocket, chatSocketUrl } from './socket';
import { setDraftOwner } from './drafts';

const ChatContext = createContext<ChatStore | null>(null);

/**
 * Whether the session behind a troubled socket is gone. A final close re-reads
 * it at once (the sign-in or acknowledgement gate shows). Otherwise it asks
 * quietly: only an answer that the session or a gate changed re-reads it; an
 * unreachable server must not replace the chat with an error page, which
 * would drop the view and the unsent messages while reconnecting would do.
 */
async function checkSession(api: ApiClient, refresh: () => Promise<void>, final: boolean): Promise<void> {
  if (final) return refresh();
  try {
    await api.request('GET', '/api/v1/session', { quiet: true });
  } catch (e) {
    if (e instanceof ApiError && SESSION_CODES.has(e.code)) await refresh();
    // Any other failure (the server is down): keep reconnecting.
  }
}

export function ChatProvider({ children }: { children: ReactNode }) {
  const { api, refresh } = useSession();
  const me = useSignedIn();
  const [store] = useState(() => {
    setDraftOwner(me.user.id);
    const s = new ChatStore(api, me.user.id, (final) => void checkSession(api, refresh, final), (handlers) => new ChatSocket(chatSocketUrl(window.location), handlers));
    s.learnNames([me.user]);
    return s;
  });
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return <ChatContext.Provider value={store}>{children}</ChatContext.Provider>;
}

export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error('useChatStore outside ChatProvider');
  return store;
}

/** The current chat snapshot; re-renders when any of it changes. */
export function useChat(): [ChatSnapshot, ChatStore] {
  const store = useChatStore();
  return [useSyncExternalStore(store.subscribe, store.getSnapshot), store];
}
