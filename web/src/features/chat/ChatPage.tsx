import { useEffect, useRef, useState } from 'react';
import { Page } from '../../components/Page';
import { ConnectionStatus, MyStatus } from './ConnectionStatus';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { DirectorySearch } from './DirectorySearch';
import { NewGroupDialog } from './NewGroupDialog';
import { ChatProvider, useChat } from './use-chat';

// Per user, like the drafts: whoever signs in next in this tab starts with nothing open.
const selectedKey = (userId: string) => `parley.chat.selected.${userId}`;

function readSelected(userId: string): string | null {
  try {
    return globalThis.sessionStorage?.getItem(selectedKey(userId)) ?? null;
  } catch {
    return null; // storage refused: nothing is preselected
  }
}

function ChatLayout() {
  const [snap, store] = useChat();
  const [selected, setSelectedState] = useState<string | null>(() => readSelected(store.me));
  const [error, setError] = useState<string | null>(null);
  // Focus follows the user's choice: into the composer on opening, back to the list on "Back" (narrow screens hide the other column).
  const [focusComposer, setFocusComposer] = useState(false);
  const returning = useRef(false);
  useEffect(() => {
    if (selected === null && returning.current) document.getElementById('convs-title')?.focus();
    returning.current = false;
  }, [selected]);
  // Unread messages elsewhere show in the tab's title, for someone working in another tab.
  const unread = (snap.conversations ?? []).reduce((n, c) => n + (c.id === selected ? 0 : c.unread), 0);
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}Chat · Parley`;
  }, [unread]);
  const back = () => {
    returning.current = true;
    setSelectedState(null);
  };
  const select = (id: string) => {
    setSelectedState(id);
    setFocusComposer(true);
    try {
      globalThis.sessionStorage?.setItem(selectedKey(store.me), id);
    } catch {
      // storage refused: the selection lasts until reload
    }
  };
  const startDirect = async (userId: string) => {
    setError(null);
    try {
      select(await store.startDirect(userId));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className={`chat${selected ? ' chat--open' : ''}`}>
      <aside className="chat__side" aria-label="Conversations and people">
        <ConversationList selected={selected} onSelect={select} />
        <NewGroupDialog onCreated={select} />
        {error ? <p className="form-error" role="alert">Could not open the conversation: {error}</p> : null}
        <DirectorySearch onMessage={(p) => void startDirect(p.id)} />
      </aside>
      {selected ? <ConversationView key={selected} conversationId={selected} focusComposer={focusComposer} onClose={back} /> : (
        <section className="chat__main chat__empty" aria-label="Messages">
          <p className="muted">Choose a conversation, or find a person to message.</p>
        </section>
      )}
    </div>
  );
}

/**
 * The chat view: my conversations and the people directory on the left, the
 * open conversation on the right. Messages travel over the WebSocket; the
 * connection's state is always shown.
 */
export function ChatPage() {
  return (
    <ChatProvider>
      <Page title="Chat" actions={<div className="chat__status"><MyStatus /><ConnectionStatus /></div>}>
        <ChatLayout />
      </Page>
    </ChatProvider>
  );
}
