import { useEffect, type ReactNode } from 'react';
import { SignInPage } from '../features/auth/SignInPage';
import { ForcedPasswordChange } from '../features/auth/ForcedPasswordChange';
import { PolicyGate } from '../features/auth/PolicyGate';
import { DeviceGate } from '../features/devices/DeviceGate';
import { DevicesPage } from '../features/devices/DevicesPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { ChatPage } from '../features/chat/ChatPage';
import { AgenciesPage } from '../features/console/AgenciesPage';
import { UsersPage } from '../features/console/UsersPage';
import { UserPage } from '../features/console/UserPage';
import { AuditPage } from '../features/console/AuditPage';
import { PolicyPage } from '../features/console/PolicyPage';
import { Page } from '../components/Page';
import { Shell } from './Shell';
import { Link } from '../components/Link';
import { homePath, matchRoute, mayOpen, navItemOf, type Route } from './routes';
import { navigate, usePath } from './router';
import { useSession, useSignedIn } from './session';

function Screen({ route }: { route: Route }): ReactNode {
  switch (route.name) {
    case 'chat': return <ChatPage />;
    case 'profile': return <ProfilePage />;
    case 'agencies': return <AgenciesPage />;
    case 'users': return <UsersPage />;
    case 'user': return <UserPage id={route.id} />;
    case 'audit': return <AuditPage />;
    case 'policy': return <PolicyPage />;
    case 'devices': return <DevicesPage />;
    case 'home': return null;
    case 'not-found':
      return <Page title="Page not found"><p>There is no such page. <Link href="/">Go to the start page.</Link></p></Page>;
  }
}

function SignedInApp() {
  const me = useSignedIn();
  const route = matchRoute(usePath());
  const home = homePath(me.permissionSet);
  useEffect(() => {
    if (route.name === 'home') navigate(home, { replace: true });
  }, [route.name, home]);
  const allowed = mayOpen(route, me.permissionSet);
  return (
    <Shell active={navItemOf(route)}>
      {allowed ? <Screen route={route} /> : (
        <Page title="Not available"><p>Your roles do not include this page. <Link href={home}>Go to the start page.</Link></p></Page>
      )}
    </Shell>
  );
}

/**
 * The gates, in the order the server enforces them: signed in, a real password
 * (not the one-time secret), an approved device (§5.3.8), the current policy
 * acknowledged (§4.2). Only then
 * does the user see the app.
 */
export function App() {
  const { state, loadError, refresh } = useSession();
  if (loadError) {
    return (
      <main className="gate" id="main">
        <section className="card gate__card" role="alert">
          <h1>Parley is not reachable</h1>
          <p>{loadError}</p>
          <button type="button" className="primary" onClick={() => void refresh()}>Try again</button>
        </section>
      </main>
    );
  }
  if (state.status === 'loading') return <main className="gate" id="main"><p className="muted" role="status">Loading…</p></main>;
  if (state.status === 'signed-out') return <SignInPage notice={state.notice} />;
  if (state.session.mustChangePassword) return <ForcedPasswordChange />;
  if (state.session.device?.status !== 'approved') return <DeviceGate device={state.session.device} />;
  if (!state.session.policy.acknowledged) return <PolicyGate />;
  return <SignedInApp />;
}
