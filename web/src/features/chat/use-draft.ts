import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { readDraft, subscribeDrafts, writeDraft } from './drafts';
import { useChatStore } from './use-chat';

/** How often a continuing "typing" is repeated, and how long after the last key it stops (the server does not store it, SPEC [TYP-1]). */
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

/**
 * The composer's text for one conversation, kept in the draft store, and the
 * typing indicator it drives: `start` on the first key and every few seconds
 * while typing, `stop` after a pause, on send and when leaving.
 */
export function useDraft(conversationId: string) {
  const store = useChatStore();
  const text = useSyncExternalStore(subscribeDrafts, () => readDraft(conversationId));
  const lastStart = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopTyping = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastStart.current > 0) store.typing(conversationId, 'stop');
    lastStart.current = 0;
  }, [store, conversationId]);

  useEffect(() => stopTyping, [stopTyping]);

  const setText = (value: string) => {
    writeDraft(conversationId, value);
    if (!value) return stopTyping();
    const now = Date.now();
    if (now - lastStart.current > TYPING_REPEAT_MS) {
      store.typing(conversationId, 'start');
      lastStart.current = now;
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  return { text, setText };
}
