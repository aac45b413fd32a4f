import { useEffect, useRef, useState } from 'react';
import { Page } from '../../components/Page';
import { ConnectionStatus, MyStatus } from './ConnectionStatus';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { DirectorySearch } from './DirectorySearch';
import { ChannelsDialog } from './ChannelsDialog';
import { MessageSearch } from './MessageSearch';
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
  /** A search hit to show: its conversation opens at that message. */
  const [found, setFound] = useState<{ conversationId: string; messageId: string } | null>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (selected === null && returning.current) document.getElementById('convs-title')?.focus();
    returning.current = false;
  }, [selected]);
  // A conversation I left (here or on another device) is no longer mine to show.
  const shown = selected !== null && snap.conversations !== null && !snap.conversations.some((c) => c.id === selected) ? null : selected;
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
    setFound(null);
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
    <div className={`chat${shown ? ' chat--open' : ''}`}>
      <aside className="chat__side" aria-label="Conversations and people">
        <ConversationList selected={shown} onSelect={select} />
        <div className="convs__actions">
          <NewGroupDialog onCreated={select} />
          <ChannelsDialog onOpen={select} />
        </div>
        {error ? <p className="form-error" role="alert">Could not open the conversation: {error}</p> : null}
        <MessageSearch onOpen={(id, messageId) => { select(id); setFound({ conversationId: id, messageId }); }} />
        <DirectorySearch onMessage={(p) => void startDirect(p.id)} />
      </aside>
      {shown ? (
        <ConversationView key={found?.conversationId === shown ? `${shown}:${found.messageId}` : shown} conversationId={shown}
          focusComposer={focusComposer} focusMessageId={found?.conversationId === shown ? found.messageId : undefined} onClose={back} />
      ) : (
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
