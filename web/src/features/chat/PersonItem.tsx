import type { ReactNode } from 'react';
import type { DirectoryEntry } from '../../app/wire';

/** A person in a found-people list: name, username, and what can be done (message, add). */
export function PersonItem({ person, children }: { person: DirectoryEntry; children: ReactNode }) {
  return (
    <li className="person">
      <span className="person__who">
        <span className="person__name">{person.displayName}</span>
        <span className="person__username">@{person.username}</span>
      </span>
      {children}
    </li>
  );
}
