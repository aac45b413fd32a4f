/**
 * The API's wire types, derived from the server's own TypeBox schemas so the
 * client cannot drift from what the server sends. Type-only: nothing from the
 * server is bundled.
 */
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../src/transport/http/schemas.js';
import type { ConversationView } from '../../../src/domain/events.js';

export type User = Static<typeof S.User>;
export type Agency = Static<typeof S.Agency>;
export type RoleAssignment = Static<typeof S.RoleAssignment>;
export type Session = Static<typeof S.Session>;
export type Device = Static<typeof S.Device>;
export type DeviceWithOwner = Static<typeof S.DeviceWithOwner>;
export type EnrollmentPolicy = Static<typeof S.EnrollmentPolicy>;
export type AuditEntry = Static<typeof S.AuditEntry>;
export type PolicyVersion = Static<typeof S.PolicyVersionSummary>;
export type PolicyVersionWithSource = PolicyVersion & { source: string };
export type PersonType = Static<typeof S.PersonType>;
export type UserStatus = Static<typeof S.UserStatus>;
export type SearchHit = Static<typeof S.SearchHit>;

/** GET /api/v1/session */
export interface SessionInfo {
  user: User;
  roles: RoleAssignment[];
  permissions: string[];
  csrfToken: string;
  expiresAt: number;
  mustChangePassword: boolean;
  policy: { id: string; version: string; acknowledged: boolean };
  /** This session's device (§5.3.8); null until proven. */
  device: Device | null;
}

/** POST /api/v1/auth/sign-in */
export interface SignInResult {
  user: User;
  csrfToken: string;
  expiresAt: number;
  mustChangePassword: boolean;
}

export interface Page<T, C = string> {
  items: T[];
  next?: C;
}

export interface DirectoryEntry {
  id: string;
  username: string;
  displayName: string;
  agencyId: string | null;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  firstBreak: { seq: number; problem: string; detail: string } | null;
}

// The chat shapes are the server's domain types (src/domain is shared with the browser).
export type { ClientEvent } from '../../../src/domain/messaging.js';
export type { ConversationView, PresenceStatus, ServerEvent } from '../../../src/domain/events.js';

/** GET /api/v1/conversations: one of my conversations with my read marker (no member list). */
export type ConversationSummary = Omit<ConversationView, 'memberIds'> & { role: string; readSeq: number; unread: number };
