/** Row types of the database, as Kysely sees them. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';


export interface AgenciesTable {
  id: string;
  code: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  agency_id: string | null;
  person_type: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface CredentialsTable {
  user_id: string;
  password_hash: string;
  must_change: number;
  failed_attempts: number;
  locked_until: number | null;
  updated_at: number;
}

export interface RoleAssignmentsTable {
  user_id: string;
  role: string;
  /** An agency id, or '*' for statewide (NULL would defeat the unique key). */
  scope: string;
  granted_by: string | null;
  granted_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the bearer secret: the secret itself is never stored. */
  id: string;
  user_id: string;
  kind: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
  device_id: string | null;
}

export interface PolicyVersionsTable {
  id: string;
  /** 1, 2, 3…: publication order; the highest is current. */
  number: number;
  pack_id: string;
  version: string;
  title: string;
  banner: string;
  source: string;
  published_at: number;
  published_by: string | null;
}

export interface PolicyAcksTable {
  id: string;
  user_id: string;
  policy_version_id: string;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  at: number;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: number;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  agency_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}


export interface ConversationsTable {
  id: string;
  kind: string;
  name: string | null;
  topic: string | null;
  agency_id: string | null;
  direct_key: string | null;
  created_by: string;
  created_at: number;
  last_seq: number;
  last_event_at: number;
  /** Raised by triggers on every membership change (migration 006). */
  members_version: Generated<number>;
}

export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  role: string;
  joined_at: number;
  left_at: number | null;
  read_seq: number;
}

export interface MessageEventsTable {
  conversation_id: string;
  seq: number;
  id: string;
  kind: string;
  message_id: string;
  sender_id: string;
  client_id: string;
  body: string | null;
  meta_json: string | null;
  created_at: number;
}

export interface AttachmentsTable {
  id: string;
  sha256: string;
  uploader_id: string;
  name: string;
  size: number;
  content_type: string;
  created_at: number;
  conversation_id: string | null;
  message_id: string | null;
}

export interface ReviewItemsTable {
  id: string;
  event_id: string;
  conversation_id: string;
  sender_id: string;
  agency_id: string | null;
  policy_version_id: string;
  action: string;
  rules_json: string;
  status: string;
  created_at: number;
}

export interface OidcLinksTable {
  provider: string;
  subject: string;
  user_id: string;
  created_at: number;
}

export interface OidcFlowsTable {
  id: string;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: number;
  expires_at: number;
}

export interface ProvisioningTokensTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the token: the token itself is never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface ScimUsersTable {
  user_id: string;
  external_id: string | null;
  updated_at: number;
}

export interface ScimGroupsTable {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: number;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  agency_id: string | null;
  fingerprint: string;
  public_key: string;
  name: string;
  user_agent: string | null;
  status: string;
  method: string;
  first_seen_at: number;
  last_seen_at: number;
  addresses: string;
  decided_by: string | null;
  decided_at: number | null;
  revoked_reason: string | null;
}

export interface DeviceEnrollmentPoliciesTable {
  scope: string;
  mode: string;
  networks: string;
  ca_certificates: string;
  updated_by: string | null;
  updated_at: number;
}

export interface Database {
  devices: DevicesTable;
  device_enrollment_policies: DeviceEnrollmentPoliciesTable;
  review_items: ReviewItemsTable;
  oidc_links: OidcLinksTable;
  oidc_flows: OidcFlowsTable;
  provisioning_tokens: ProvisioningTokensTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  attachments: AttachmentsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  message_events: MessageEventsTable;
  agencies: AgenciesTable;
  users: UsersTable;
  credentials: CredentialsTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  policy_versions: PolicyVersionsTable;
  policy_acks: PolicyAcksTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
