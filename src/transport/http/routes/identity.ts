/** Identity routes: OIDC sign-in, SCIM provisioning and the CSV import, each in its own encapsulated scope. */
import type { Http, RouteDeps } from '../types.js';
import { oidcRoutes } from './oidc.js';

export async function identityRoutes(app: Http, deps: RouteDeps): Promise<void> {
  await oidcRoutes(app, deps);
}
