import type { ReactNode } from 'react';
import { Link } from '../components/Link';
import { SignOutButton } from '../features/auth/SignOutButton';
import { navFor, type NavItem } from './routes';
import { useSignedIn } from './session';

function NavLinks({ items, active }: { items: NavItem[]; active: NavItem | null }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.path}>
          <Link href={item.path} aria-current={item === active ? 'page' : undefined}>{item.label}</Link>
        </li>
      ))}
    </ul>
  );
}

/** The signed-in frame: skip link, banner with the user and sign-out, navigation by permission, and the page. */
export function Shell({ active, children }: { active: NavItem | null; children: ReactNode }) {
  const me = useSignedIn();
  const items = navFor(me.permissionSet);
  const consoleItems = items.filter((i) => i.section === 'console');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link href="/" className="brand">Parley</Link>
        <nav aria-label="Main" className="topnav">
          <NavLinks items={items.filter((i) => i.section === 'chat')} active={active} />
          {consoleItems.length > 0 ? (
            <div className="topnav__group">
              <span className="topnav__label" aria-hidden="true">Console</span>
              <NavLinks items={consoleItems} active={active} />
            </div>
          ) : null}
        </nav>
        <div className="topbar__me">
          <Link href="/profile" aria-current={active?.path === '/profile' ? 'page' : undefined}>{me.user.displayName}</Link>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
