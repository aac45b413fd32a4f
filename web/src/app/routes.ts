/**
 * The client's pages, their paths and who may see them. Pure, so the
 * navigation-by-permission rules are tested without a browser. Showing a link
 * is a convenience only: the server authorizes every request again.
 */

export type Route =
  | { name: 'chat' }
  | { name: 'profile' }
  | { name: 'agencies' }
  | { name: 'users' }
  | { name: 'user'; id: string }
  | { name: 'audit' }
  | { name: 'policy' }
  | { name: 'devices' }
  | { name: 'home' }
  | { name: 'not-found' };

export interface NavItem {
  path: string;
  label: string;
  /** Shown when the user holds any of these; empty means everyone. */
  anyOf: readonly string[];
  section: 'chat' | 'console' | 'me';
}

export const NAV: readonly NavItem[] = [
  { path: '/chat', label: 'Chat', anyOf: ['chat.use'], section: 'chat' },
  { path: '/console/agencies', label: 'Agencies', anyOf: ['agency.read'], section: 'console' },
  { path: '/console/users', label: 'Users', anyOf: ['user.read'], section: 'console' },
  { path: '/console/audit', label: 'Audit log', anyOf: ['audit.read', 'audit.verify'], section: 'console' },
  { path: '/console/policy', label: 'Policy', anyOf: ['policy.read'], section: 'console' },
  { path: '/console/devices', label: 'Devices', anyOf: ['device.manage'], section: 'console' },
  { path: '/profile', label: 'Profile', anyOf: [], section: 'me' },
];

export function matchRoute(path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  switch (clean) {
    case '/': return { name: 'home' };
    case '/chat': return { name: 'chat' };
    case '/profile': return { name: 'profile' };
    case '/console/agencies': return { name: 'agencies' };
    case '/console/users': return { name: 'users' };
    case '/console/audit': return { name: 'audit' };
    case '/console/policy': return { name: 'policy' };
    case '/console/devices': return { name: 'devices' };
  }
  const user = /^\/console\/users\/([A-Za-z0-9_-]{1,64})$/.exec(clean);
  if (user) return { name: 'user', id: user[1]! };
  return { name: 'not-found' };
}

const allowed = (item: NavItem, permissions: ReadonlySet<string>) => item.anyOf.length === 0 || item.anyOf.some((p) => permissions.has(p));

/** The navigation entries this user may see, in display order. */
export const navFor = (permissions: ReadonlySet<string>): NavItem[] => NAV.filter((item) => allowed(item, permissions));

/** The nav entry a route belongs to (a user's page belongs to Users). */
export function navItemOf(route: Route): NavItem | null {
  const path = route.name === 'user' ? '/console/users' : route.name === 'chat' ? '/chat' : route.name === 'profile' ? '/profile'
    : route.name === 'home' || route.name === 'not-found' ? null : `/console/${route.name}`;
  return NAV.find((n) => n.path === path) ?? null;
}

/** Whether the user may open the route; home and not-found are always reachable. */
export function mayOpen(route: Route, permissions: ReadonlySet<string>): boolean {
  const item = navItemOf(route);
  return item === null || allowed(item, permissions);
}

/** Where "/" leads: chat for those who chat, else the first page they may see. */
export const homePath = (permissions: ReadonlySet<string>): string => navFor(permissions)[0]?.path ?? '/profile';
