/** A small history-API router: the app has a handful of pages, so a routing library would be more code than it saves. */
import { useSyncExternalStore } from 'react';

const CHANGE = 'parley:navigate';
let moved = false;

/** True once the user has moved between pages in this tab (not on the first page load). */
export const hasNavigated = (): boolean => moved;

const subscribe = (onChange: () => void) => {
  const onPop = () => {
    moved = true;
    onChange();
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onPop);
    window.removeEventListener(CHANGE, onChange);
  };
};

/** The current path, re-rendering on navigation and on the browser's back and forward. */
export const usePath = (): string => useSyncExternalStore(subscribe, () => window.location.pathname);

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  moved = true;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}
