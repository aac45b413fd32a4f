import { useEffect, useRef, type ReactNode } from 'react';
import { hasNavigated } from '../app/router';

/**
 * A page's heading and body. After an in-app navigation the heading takes
 * focus, so keyboard and screen-reader users land on the new content; on a
 * fresh load focus stays at the top, where the skip link is. The document
 * title names the page.
 */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Parley`;
    if (hasNavigated()) heading.current?.focus();
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title" tabIndex={-1} ref={heading}>{title}</h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A loading or load-failure line for a list or panel. */
export function LoadState({ loading, error, what }: { loading: boolean; error: string | null; what: string }) {
  if (error) return <p className="form-error" role="alert">Could not load {what}: {error}</p>;
  if (loading) return <p className="muted" role="status">Loading {what}…</p>;
  return null;
}
