/** Builds the Principal that authorization decides on. */
import type { Store } from '../store/store.js';
import type { User } from '../domain/directory.js';
import type { Principal } from '../domain/roles.js';

/**
 * Every active user chats (the implicit statewide `employee` role); staff
 * roles come from the role assignments.
 */
export async function loadPrincipal(store: Store, user: User): Promise<Principal> {
  const assigned = await store.roles.listFor(user.id);
  return {
    userId: user.id,
    agencyId: user.agencyId,
    roles: [{ role: 'employee', agencyId: null }, ...assigned.filter((a) => a.role !== 'employee')],
  };
}
