import type { ReactNode } from 'react';

/**
 * A data table in a box that scrolls sideways on narrow screens, so the page
 * itself never does (WCAG 1.4.10). The box is focusable so keyboard users can
 * scroll it too.
 */
export function Table({ caption, dense = false, children }: { caption: string; dense?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={dense ? 'table table--dense' : 'table'}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
