/** The chat store for the chat view's components: one per signed-in chat view, created and stopped with it. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useSession, useSignedIn } from '../../app/session';
import { ChatStore, type ChatSnapshot } from './chat-store';
import { ChatSocket, chatSocketUrl } from './socket';
import { setDraftOwner } from './drafts';

const ChatContext = createContext<ChatStore | null>(null);

export function ChatProvider({ children }: { children: ReactNode }) {
  const { api, refresh } = useSession();
  const me = useSignedIn();
  const [store] = useState(() => {
    setDraftOwner(me.user.id);
    const s = new ChatStore(api, me.user.id, () => void refresh(), (handlers) => new ChatSocket(chatSocketUrl(window.location), handlers));
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
