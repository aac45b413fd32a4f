/** Identity routes: OIDC sign-in, SCIM provisioning and the CSV import, each in its own encapsulated scope. */
import type { Http, RouteDeps } from '../types.js';
import { oidcRoutes } from './oidc.js';
import { scimRoutes } from './scim.js';
import { provisioningTokenRoutes } from './provisioning-tokens.js';
import { userImportRoutes } from './user-import.js';

export async function identityRoutes(app: Http, deps: RouteDeps): Promise<void> {
  await oidcRoutes(app, deps);
  await provisioningTokenRoutes(app, deps);
  await scimRoutes(app, deps);
  await userImportRoutes(app, deps);
}
