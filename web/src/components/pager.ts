/**
 * Cursor paging. The API pages forward only (`after`/`before` = the last item
 * of the page); going back means remembering the cursors that led here.
 */
import { useState } from 'react';

export interface PagerState<C> {
  /** What is being paged (the filters); a different scope starts again at the first page. */
  scope: string;
  /** Cursors of the pages up to the current one; the current page's is the last, undefined for the first page. */
  trail: (C | undefined)[];
}

export const firstPage = <C,>(scope: string): PagerState<C> => ({ scope, trail: [undefined] });
export const inScope = <C,>(s: PagerState<C>, scope: string): PagerState<C> => (s.scope === scope ? s : firstPage(scope));
export const cursorOf = <C,>(s: PagerState<C>): C | undefined => s.trail[s.trail.length - 1];
export const forward = <C,>(s: PagerState<C>, next: C): PagerState<C> => ({ scope: s.scope, trail: [...s.trail, next] });
export const back = <C,>(s: PagerState<C>): PagerState<C> => (s.trail.length > 1 ? { scope: s.scope, trail: s.trail.slice(0, -1) } : s);

export interface Pager<C> {
  cursor: C | undefined;
  page: number;
  next(cursor: C): void;
  previous(): void;
}

/** Paging through one listing; changing `scope` (the serialized filters) goes back to page 1 in the same render. */
export function usePager<C>(scope: string): Pager<C> {
  const [stored, setState] = useState<PagerState<C>>(() => firstPage(scope));
  const state = inScope(stored, scope);
  return {
    cursor: cursorOf(state),
    page: state.trail.length,
    next: (c: C) => setState((s) => forward(inScope(s, scope), c)),
    previous: () => setState((s) => back(inScope(s, scope))),
  };
}
