/** The Store's part for identity: OIDC links and flows, provisioning tokens, SCIM bookkeeping. */
import type { User } from '../domain/directory.js';

export interface OidcFlow {
  /** SHA-256 (hex) of the browser-binding cookie. */
  id: string;
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
}

export interface ProvisioningToken {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ScimGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: number;
}

export interface IdentityStore {
  linkOidc(provider: string, subject: string, userId: string, at: number): Promise<void>;
  userIdForOidc(provider: string, subject: string): Promise<string | null>;
  oidcSubjectOf(provider: string, userId: string): Promise<string | null>;
  insertFlow(flow: OidcFlow): Promise<void>;
  /** Deletes and returns the flow in one statement: a flow is used at most once, even across nodes. */
  takeFlow(id: string): Promise<OidcFlow | null>;
  deleteExpiredFlows(now: number): Promise<number>;
  insertToken(token: ProvisioningToken, tokenHash: string): Promise<void>;
  tokenByHash(tokenHash: string): Promise<ProvisioningToken | null>;
  getToken(id: string): Promise<ProvisioningToken | null>;
  listTokens(): Promise<ProvisioningToken[]>;
  revokeToken(id: string, at: number): Promise<boolean>;
  touchToken(id: string, at: number): Promise<void>;
  setExternalId(userId: string, externalId: string | null, at: number): Promise<void>;
  externalIdOf(userId: string): Promise<string | null>;
  /**
   * Users by position, for SCIM, whose protocol pages by 1-based index rather
   * than by cursor. Ordered by username so pages are stable between calls.
   */
  listUsersByIndex(filter: { username?: string; externalId?: string; excludeStatus?: string; offset: number; limit: number }): Promise<{ total: number; items: User[] }>;
  /** Ids of users in an agency, or holding a role in a scope (agency id or null for statewide), skipping one status. */
  userIdsInAgency(agencyId: string, excludeStatus: string): Promise<string[]>;
  userIdsWithRole(role: string, agencyId: string | null, excludeStatus: string): Promise<string[]>;
  insertGroup(group: ScimGroup): Promise<void>;
  getGroup(id: string): Promise<ScimGroup | null>;
  listGroups(filter: { displayName?: string }): Promise<ScimGroup[]>;
  deleteGroup(id: string): Promise<boolean>;
}
