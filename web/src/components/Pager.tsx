import type { Pager } from './pager';

/** Previous/next buttons for a cursor-paged list. `next` is the server's cursor for the following page, if any. */
export function PagerControls<C>({ pager, next, label }: { pager: Pager<C>; next: C | undefined; label: string }) {
  if (pager.page === 1 && next === undefined) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={pager.previous} disabled={pager.page === 1}>Previous page</button>
      <span aria-live="polite">Page {pager.page}</span>
      <button type="button" onClick={() => next !== undefined && pager.next(next)} disabled={next === undefined}>Next page</button>
    </nav>
  );
}
