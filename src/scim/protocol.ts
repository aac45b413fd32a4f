/**
 * SCIM 2.0 (RFC 7643/7644) on the wire: errors, the filter subset Parley
 * understands, and parsing of User and PATCH bodies into plain inputs. Pure:
 * no storage, no HTTP. Every body is untrusted; anything not understood is a
 * SCIM error naming what was wrong, never a silent guess.
 */
export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
} as const;

export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'noTarget' | 'uniqueness' | 'mutability' | 'tooMany';

/** A SCIM error response (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly scimType?: ScimType) {
    super(detail);
    this.name = 'ScimError';
  }
  toBody(): Record<string, unknown> {
    return { schemas: [SCHEMA.error], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

const bad = (detail: string, scimType: ScimType = 'invalidValue') => new ScimError(400, detail, scimType);

/** The one filter form identity providers use to look a resource up: `attribute eq "value"`. */
export interface ScimFilter {
  attribute: string;
  value: string;
}

/** Parses `attr eq "value"`; attribute names are case-insensitive (RFC 7644 §3.4.2.2). Anything else is invalidFilter. */
export function parseFilter(raw: string, allowed: readonly string[]): ScimFilter {
  if (raw.length > 1024) throw bad('The filter is too long.', 'invalidFilter');
  const m = /^\s*([A-Za-z][A-Za-z0-9_.:-]*)\s+([A-Za-z]{2})\s+"((?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*)"\s*$/.exec(raw);
  if (!m) throw bad(`The filter ${JSON.stringify(raw.slice(0, 100))} is not of the form attribute eq "value".`, 'invalidFilter');
  const [, attr, op, quoted] = m;
  if (op!.toLowerCase() !== 'eq') throw bad(`The operator ${op} is not supported; use eq.`, 'invalidFilter');
  const attribute = allowed.find((a) => a.toLowerCase() === attr!.toLowerCase());
  if (!attribute) throw bad(`Filtering on ${attr} is not supported; use ${allowed.join(' or ')}.`, 'invalidFilter');
  return { attribute, value: JSON.parse(`"${quoted}"`) as string };
}

/** startIndex is 1-based; values below 1 mean 1, and count below 0 means 0 (RFC 7644 §3.4.2.4). */
export function parsePaging(startIndex: string | undefined, count: string | undefined, max: number): { offset: number; limit: number; startIndex: number } {
  const int = (s: string | undefined, name: string): number | undefined => {
    if (s === undefined) return undefined;
    if (!/^-?\d{1,9}$/.test(s)) throw bad(`${name} must be an integer.`);
    return Number(s);
  };
  const start = Math.max(1, int(startIndex, 'startIndex') ?? 1);
  const limit = Math.min(max, Math.max(0, int(count, 'count') ?? max));
  return { offset: start - 1, limit, startIndex: start };
}

/** What a SCIM User body may set in Parley. `undefined` leaves a value as it is (PATCH); PUT fills every field. */
export interface ScimUserInput {
  userName?: string;
  displayName?: string;
  email?: string | null;
  active?: boolean;
  externalId?: string | null;
  /** §8.3 person type, carried in userType. */
  userType?: string;
  /** Agency code, carried in the enterprise extension's organization. */
  organization?: string | null;
}

/** Core attributes Parley accepts and ignores: they describe a person but Parley has no place for them (password: never accepted). */
const IGNORED = new Set([
  'id', 'meta', 'nickname', 'profileurl', 'title', 'preferredlanguage', 'locale', 'timezone', 'password', 'phonenumbers',
  'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509certificates',
]);

const str = (v: unknown, name: string, max: number): string => {
  if (typeof v !== 'string' || v.trim().length === 0) throw bad(`${name} must be a non-empty string.`);
  if (v.length > max) throw bad(`${name} is longer than ${max} characters.`);
  return v.trim();
};

/** SCIM booleans; some providers send "True"/"False" strings, which are accepted. */
const bool = (v: unknown, name: string): boolean => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw bad(`${name} must be true or false.`);
};

/** The primary (else the first) address of an emails array. */
function primaryEmail(v: unknown): string | null {
  if (!Array.isArray(v)) throw bad('emails must be an array.');
  if (v.length > 20) throw bad('emails has too many entries.', 'tooMany');
  const entries = v.map((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw bad(`emails[${i}] must be an object.`);
    const o = e as Record<string, unknown>;
    return { value: str(o.value, `emails[${i}].value`, 254), primary: o.primary === undefined ? false : bool(o.primary, `emails[${i}].primary`) };
  });
  return (entries.find((e) => e.primary) ?? entries[0])?.value ?? null;
}

function nameToDisplay(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('name must be an object.');
  const n = v as Record<string, unknown>;
  if (typeof n.formatted === 'string' && n.formatted.trim()) return str(n.formatted, 'name.formatted', 128);
  const parts = [n.givenName, n.familyName].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? str(parts.join(' '), 'name', 128) : undefined;
}

function enterprise(v: unknown): string | null | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${SCHEMA.enterprise} must be an object.`);
  const org = (v as Record<string, unknown>).organization;
  if (org === undefined) return undefined;
  return org === null ? null : str(org, 'organization', 16);
}

const asObject = (body: unknown): Record<string, unknown> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The body must be a JSON object.', 'invalidSyntax');
  return body as Record<string, unknown>;
};

function checkSchemas(o: Record<string, unknown>, core: string, allowed: readonly string[]): void {
  const s = o.schemas;
  if (!Array.isArray(s) || !s.includes(core)) throw bad(`schemas must include ${core}.`, 'invalidSyntax');
  for (const x of s) if (typeof x !== 'string' || !allowed.includes(x)) throw bad(`The schema ${String(x).slice(0, 100)} is not supported.`, 'invalidSyntax');
}

/** Parses a full User (POST, PUT): userName is required; everything else takes its default when absent. */
export function parseUser(body: unknown): Required<Pick<ScimUserInput, 'userName' | 'displayName' | 'active'>> & ScimUserInput {
  const o = asObject(body);
  checkSchemas(o, SCHEMA.user, [SCHEMA.user, SCHEMA.enterprise]);
  const out: ScimUserInput = { email: null, externalId: null, organization: null };
  let fromName: string | undefined;
  for (const [key, v] of Object.entries(o)) {
    const k = key.toLowerCase();
    if (k === 'schemas' || IGNORED.has(k)) continue;
    if (k === 'username') out.userName = str(v, 'userName', 64);
    else if (k === 'displayname') out.displayName = str(v, 'displayName', 128);
    else if (k === 'name') fromName = nameToDisplay(v);
    else if (k === 'emails') out.email = primaryEmail(v);
    else if (k === 'active') out.active = bool(v, 'active');
    else if (k === 'externalid') out.externalId = v === null ? null : str(v, 'externalId', 255);
    else if (k === 'usertype') out.userType = str(v, 'userType', 64);
    else if (key === SCHEMA.enterprise) out.organization = enterprise(v) ?? null;
    else throw bad(`The attribute ${key.slice(0, 100)} is not part of the User schema.`, 'invalidSyntax');
  }
  if (!out.userName) throw bad('userName is required.');
  return { ...out, userName: out.userName, displayName: out.displayName ?? fromName ?? out.userName, active: out.active ?? true };
}

/**
 * Turns a PatchOp body into the fields it changes. Supported: add/replace of
 * active, displayName, userName, externalId, userType, name, emails (or
 * emails[type eq "work"].value) and the enterprise organization, with or
 * without a path; remove of emails, externalId and organization.
 */
export function parseUserPatch(body: unknown): ScimUserInput {
  const o = asObject(body);
  checkSchemas(o, SCHEMA.patch, [SCHEMA.patch]);
  const ops = o.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw bad('Operations must be a non-empty array.', 'invalidSyntax');
  if (ops.length > 100) throw bad('Too many operations.', 'tooMany');
  const out: ScimUserInput = {};
  const set = (path: string, v: unknown): void => {
    const p = path.toLowerCase();
    if (p === 'active') out.active = bool(v, 'active');
    else if (p === 'displayname') out.displayName = str(v, 'displayName', 128);
    else if (p === 'username') out.userName = str(v, 'userName', 64);
    else if (p === 'externalid') out.externalId = str(v, 'externalId', 255);
    else if (p === 'usertype') out.userType = str(v, 'userType', 64);
    else if (p === 'name.formatted') out.displayName = str(v, 'name.formatted', 128);
    else if (p === 'name') out.displayName = nameToDisplay(v) ?? out.displayName;
    else if (p === 'emails') out.email = primaryEmail(v);
    else if (/^emails\[type eq "\w+"\]\.value$/.test(p)) out.email = str(v, 'emails.value', 254);
    else if (p === `${SCHEMA.enterprise}:organization`.toLowerCase()) out.organization = str(v, 'organization', 16);
    else if (p === SCHEMA.enterprise.toLowerCase()) out.organization = enterprise(v) ?? out.organization;
    else throw bad(`The path ${path.slice(0, 100)} is not supported.`, 'invalidPath');
  };
  for (const [i, raw] of ops.entries()) {
    const op = asObject(raw);
    const kind = typeof op.op === 'string' ? op.op.toLowerCase() : '';
    const path = op.path;
    if (path !== undefined && typeof path !== 'string') throw bad(`Operations[${i}].path must be a string.`, 'invalidPath');
    if (kind === 'add' || kind === 'replace') {
      if (path) set(path, op.value);
      else for (const [k, v] of Object.entries(asObject(op.value))) set(k, v);
    } else if (kind === 'remove') {
      const p = (path ?? '').toLowerCase();
      if (p === 'emails' || p.startsWith('emails[')) out.email = null;
      else if (p === 'externalid') out.externalId = null;
      else if (p === `${SCHEMA.enterprise}:organization`.toLowerCase()) out.organization = null;
      else throw bad(`${path ?? '(no path)'} cannot be removed.`, path ? 'mutability' : 'noTarget');
    } else {
      throw bad(`Operations[${i}].op must be add, replace or remove.`, 'invalidSyntax');
    }
  }
  return out;
}

/** Member changes of a Group PatchOp: add/remove of `members` (remove also as members[value eq "id"]). */
export function parseGroupPatch(body: unknown): { add: string[]; remove: string[]; displayName?: string } {
  const o = asObject(body);
  checkSchemas(o, SCHEMA.patch, [SCHEMA.patch]);
  const ops = o.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw bad('Operations must be a non-empty array.', 'invalidSyntax');
  const out: { add: string[]; remove: string[]; displayName?: string } = { add: [], remove: [] };
  const ids = (v: unknown): string[] => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length > 1000) throw bad('Too many members in one operation.', 'tooMany');
    return list.map((m, i) => str(asObject(m).value, `members[${i}].value`, 64));
  };
  for (const raw of ops) {
    const op = asObject(raw);
    const kind = typeof op.op === 'string' ? op.op.toLowerCase() : '';
    const path = typeof op.path === 'string' ? op.path : '';
    const one = /^members\[value eq "([^"]{1,64})"\]$/i.exec(path);
    if (kind === 'add' && path.toLowerCase() === 'members') out.add.push(...ids(op.value));
    else if (kind === 'remove' && path.toLowerCase() === 'members') out.remove.push(...ids(op.value));
    else if (kind === 'remove' && one) out.remove.push(one[1]!);
    else if (kind === 'replace' && path.toLowerCase() === 'displayname') out.displayName = str(op.value, 'displayName', 128);
    else throw bad(`The operation ${kind || '?'} ${path || '(no path)'} is not supported on a Group.`, 'invalidPath');
  }
  return out;
}

/** A Group body (POST): displayName decides the mapping; members optional. */
export function parseGroup(body: unknown): { displayName: string; externalId: string | null; members: string[] } {
  const o = asObject(body);
  checkSchemas(o, SCHEMA.group, [SCHEMA.group]);
  let members: string[] = [];
  for (const key of Object.keys(o)) {
    if (!['schemas', 'displayname', 'externalid', 'members', 'id', 'meta'].includes(key.toLowerCase())) {
      throw bad(`The attribute ${key.slice(0, 100)} is not part of the Group schema.`, 'invalidSyntax');
    }
  }
  if (o.members !== undefined) {
    if (!Array.isArray(o.members)) throw bad('members must be an array.');
    members = o.members.map((m, i) => str(asObject(m).value, `members[${i}].value`, 64));
  }
  return { displayName: str(o.displayName, 'displayName', 128), externalId: o.externalId == null ? null : str(o.externalId, 'externalId', 255), members };
}

/** Group names that mean something in Parley (see docs/subsystems/identity.md). */
export type GroupMeaning = { kind: 'agency'; code: string } | { kind: 'role'; role: string; code: string | null };

export function groupMeaning(displayName: string): GroupMeaning {
  const agency = /^agency:([A-Za-z0-9][A-Za-z0-9_-]{1,15})$/.exec(displayName);
  if (agency) return { kind: 'agency', code: agency[1]!.toUpperCase() };
  const role = /^role:([a-z_]+)(?::([A-Za-z0-9][A-Za-z0-9_-]{1,15}))?$/.exec(displayName);
  if (role) return { kind: 'role', role: role[1]!, code: role[2]?.toUpperCase() ?? null };
  throw bad(`The group ${displayName.slice(0, 100)} has no meaning in Parley: name it agency:<CODE> or role:<role>[:<CODE>].`);
}
