import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { CoachNotes } from './CoachNotes';
import { splitRuns } from './frames';
import { useChat } from './use-chat';
import { useCoach, useCoaching } from './use-coach';
import { useDraft } from './use-draft';
import { AttachButton, PendingFiles } from './Attachments';

/** The server's default (SPEC [SND-5]), until the server's own setting is read. */
const DEFAULT_LIMIT = 4000;

/**
 * The message box: Enter sends, Shift+Enter starts a new line. The draft
 * survives reconnects and reloads. As the user types, the policy engine marks
 * what would be blocked, questioned or masked (advisory: the server decides).
 */
export function Composer({ conversationId, autoFocus }: { conversationId: string; autoFocus: boolean }) {
  const [snap, store] = useChat();
  const { text, setText } = useDraft(conversationId);
  const id = useId();
  const limit = snap.settings?.messageMaxChars ?? DEFAULT_LIMIT;
  const kind = snap.conversations?.find((c) => c.id === conversationId)?.kind;
  const coachState = useCoach();
  const coaching = useCoaching(coachState, text, kind);
  const mirror = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const files = snap.uploads.filter((u) => u.conversationId === conversationId);
  const ready = files.filter((u) => u.state === 'done');
  const busy = files.some((u) => u.state === 'uploading');

  // The marks sit in a copy of the text behind the (transparent) box: keep it scrolled with the box.
  const syncScroll = () => {
    if (mirror.current && input.current) mirror.current.scrollTop = input.current.scrollTop;
  };
  useEffect(syncScroll);

  const send = () => {
    const body = text.trim();
    if ((!body && ready.length === 0) || body.length > limit || busy) return;
    store.send(conversationId, body, ready.map((u) => u.attachment!));
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
  const marks = coaching && coaching.text === text ? coaching.marks : [];
  const coachHint = coachState.status === 'unavailable' ? 'The policy check while typing is not available; the server still checks every message. ' : '';

  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); send(); }} aria-label="Send a message">
      <PendingFiles conversationId={conversationId} />
      <label htmlFor={`${id}-body`} className="sr-only">Message</label>
      <div className="composer__field">
        <div className="composer__mirror" aria-hidden="true" ref={mirror}>
          {splitRuns(text, marks).map((r, i) => (r.span ? <mark key={i} className={`coach__mark coach__mark--${r.span.action}`}>{r.text}</mark> : <span key={i}>{r.text}</span>))}
          {'\n'}
        </div>
        <textarea id={`${id}-body`} ref={input} className="composer__input" rows={2} value={text} placeholder="Write a message"
          aria-describedby={`${id}-coach ${id}-hint`} autoFocus={autoFocus} aria-invalid={text.length > limit ? true : undefined}
          onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} onScroll={syncScroll} />
      </div>
      <div className="composer__buttons">
        <AttachButton conversationId={conversationId} />
        <button type="submit" className="primary composer__send" disabled={(!text.trim() && ready.length === 0) || text.length > limit || busy}>Send</button>
      </div>
      <CoachNotes id={`${id}-coach`} coaching={coaching} />
      <p className="composer__hint" id={`${id}-hint`}>
        {text.length > limit ? `Too long: ${text.length} of at most ${limit} characters. `
          : offline ? 'Not connected: what you send waits and goes out on reconnect. ' : ''}
        {coachHint}Enter sends, Shift+Enter starts a new line.
      </p>
    </form>
  );
}
