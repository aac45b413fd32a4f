import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/**
 * Scrolling of a message list: it follows new messages while the reader is
 * at the bottom, keeps the reader's place when older ones are added above,
 * asks for older ones near the top, and reports whether the newest is in view
 * (which is what raises the read marker).
 */
export function useStickToBottom(count: number, firstKey: string | number | undefined, onNearTop: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);
  const prev = useRef<{ first: typeof firstKey; height: number; top: number }>({ first: undefined, height: 0, top: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const before = prev.current;
    if (before.first !== undefined && firstKey !== before.first && el.scrollHeight > before.height && !atBottomRef.current) {
      // Older messages came in above: keep the same message under the reader's eyes.
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    } else if (atBottomRef.current) {
      el.scrollTop = el.scrollHeight;
    }
    prev.current = { first: firstKey, height: el.scrollHeight, top: el.scrollTop };
  }, [count, firstKey]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    atBottomRef.current = bottom;
    setAtBottom(bottom);
    prev.current = { ...prev.current, height: el.scrollHeight, top: el.scrollTop };
    if (el.scrollTop < 48) onNearTop();
  }, [onNearTop]);

  const toBottom = useCallback(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight; // the scroll event that follows updates atBottom
  }, []);

  return { ref, atBottom, onScroll, toBottom };
}
