import { useId, type KeyboardEvent } from 'react';
import { useChat } from './use-chat';
import { useDraft } from './use-draft';

/** The message box: Enter sends, Shift+Enter starts a new line. The draft survives reconnects and reloads. */
export function Composer({ conversationId, autoFocus }: { conversationId: string; autoFocus: boolean }) {
  const [snap, store] = useChat();
  const { text, setText } = useDraft(conversationId);
  const id = useId();
  // The server's default limit (SPEC [SND-5]); a server configured lower answers validation_failed, shown at the message.
  const limit = 4000;

  const send = () => {
    const body = text.trim();
    if (!body || body.length > limit) return;
    store.send(conversationId, body);
    setText(''); // an empty draft also sends typing `stop`
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that ends an IME composition (Japanese, Chinese input) must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const offline = snap.status !== 'connected';

  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); send(); }} aria-label="Send a message">
      <label htmlFor={`${id}-body`} className="sr-only">Message</label>
      <textarea id={`${id}-body`} className="composer__input" rows={2} value={text} placeholder="Write a message"
        aria-describedby={`${id}-hint`} autoFocus={autoFocus} aria-invalid={text.length > limit ? true : undefined}
        onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      <button type="submit" className="primary composer__send" disabled={!text.trim() || text.length > limit}>Send</button>
      <p className="composer__hint" id={`${id}-hint`}>
        {text.length > limit ? `Too long: ${text.length} of at most ${limit} characters. `
          : offline ? 'Not connected: what you send waits and goes out on reconnect. ' : ''}
        Enter sends, Shift+Enter starts a new line.
      </p>
    </form>
  );
}
