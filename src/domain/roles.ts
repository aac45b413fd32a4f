/**
 * Roles and permissions: the single place where authorization is decided.
 * A role assignment is either statewide (agencyId null) or scoped to one
 * agency; a scoped assignment grants its permissions only over targets that
 * belong to that agency.
 */
import { AppError } from './errors.js';

export const ROLES = [
  'employee',
  'agency_admin',
  'compliance_reviewer',
  'records_officer',
  'security_admin',
  'auditor',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'chat.use',
  'agency.read',
  'agency.create',
  'agency.update',
  'user.read',
  'user.create',
  'user.update',
  'user.set_status',
  'user.assign_role',
  'policy.read',
  'policy.publish',
  'audit.read',
  'audit.verify',
  'review.read',
  'review.decide',
  'records.manage',
  'records.read',
  'session.manage',
  'device.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege: each staff role gets only what its job needs. Reading other
 * people's messages (review.read, records.read) belongs to reviewers and
 * records officers alone; administrators run the directory but cannot read
 * messages; auditors read logs and reports and change nothing.
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  employee: ['chat.use'],
  agency_admin: ['agency.read', 'user.read', 'user.create', 'user.update', 'user.set_status', 'policy.read'],
  compliance_reviewer: ['agency.read', 'user.read', 'policy.read', 'review.read', 'review.decide'],
  records_officer: ['agency.read', 'user.read', 'policy.read', 'records.read', 'records.manage'],
  security_admin: ['agency.read', 'user.read', 'user.set_status', 'session.manage', 'device.manage'],
  auditor: ['agency.read', 'user.read', 'policy.read', 'audit.read', 'audit.verify'],
  system_admin: [
    'agency.read', 'agency.create', 'agency.update', 'user.read', 'user.create', 'user.update',
    'user.set_status', 'user.assign_role', 'policy.read', 'policy.publish', 'audit.verify',
    'session.manage', 'device.manage',
  ],
};

/** Roles that may be held statewide only: they govern the whole deployment. */
export const STATEWIDE_ONLY: ReadonlySet<Role> = new Set(['system_admin']);

export interface RoleAssignment {
  role: Role;
  /** null: statewide. */
  agencyId: string | null;
}

export interface Principal {
  userId: string;
  agencyId: string | null;
  roles: readonly RoleAssignment[];
}

/** What an action is done to; agencyId undefined means a statewide object. */
export interface Target {
  agencyId?: string | null;
}

export const permissionsOf = (role: Role): readonly Permission[] => GRANTS[role];

/**
 * Permissions over statewide objects that an agency-scoped grant also covers:
 * the policy applies to every agency, and verifying the audit chain reveals
 * no entry's content.
 */
const SCOPE_FREE: ReadonlySet<Permission> = new Set(['policy.read', 'audit.verify']);

/** True when some assignment of the principal grants `permission` over `target`. */
export function can(principal: Principal, permission: Permission, target: Target = {}): boolean {
  for (const a of principal.roles) {
    if (!GRANTS[a.role].includes(permission)) continue;
    if (a.agencyId === null || SCOPE_FREE.has(permission)) return true;
    if (target.agencyId !== undefined && target.agencyId !== null && target.agencyId === a.agencyId) return true;
  }
  return false;
}

/** Throws `forbidden` unless `can` allows it. */
export function authorize(principal: Principal, permission: Permission, target: Target = {}): void {
  if (!can(principal, permission, target)) {
    throw new AppError('forbidden', `Missing permission ${permission}${target.agencyId ? ` for agency ${target.agencyId}` : ''}.`, {
      permission,
    });
  }
}

/**
 * The agencies over which the principal holds `permission`: 'all' for a
 * statewide grant, otherwise the list (possibly empty). Used to scope listings.
 */
export function scopeOf(principal: Principal, permission: Permission): 'all' | string[] {
  const ids = new Set<string>();
  for (const a of principal.roles) {
    if (!GRANTS[a.role].includes(permission)) continue;
    if (a.agencyId === null) return 'all';
    ids.add(a.agencyId);
  }
  return [...ids];
}
