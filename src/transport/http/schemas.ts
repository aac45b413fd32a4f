/** Wire schemas shared by the HTTP routes; they also generate the OpenAPI document. */
import { Type, type TSchema } from '@sinclair/typebox';
import { PERSON_TYPES, USER_STATUSES } from '../../domain/directory.js';
import { ROLES } from '../../domain/roles.js';

/** A string enum that keeps its literal type and appears in OpenAPI as `enum`. */
export const literalUnion = <T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Timestamp = Type.Integer({ description: 'Milliseconds since the epoch' });
export const PersonType = literalUnion(PERSON_TYPES, { description: 'WVOT-PO1010 §8.3 person type' });
export const UserStatus = literalUnion(USER_STATUSES);
export const RoleName = literalUnion(ROLES);

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.String(),
  }),
}, { $id: 'Error' });

export const Agency = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), createdAt: Timestamp });

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  personType: PersonType,
  status: UserStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const RoleAssignment = Type.Object(
  { role: RoleName, agencyId: Type.Union([Id, Type.Null()]) },
  { additionalProperties: false },
);

export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 128 });
export const Email = Type.String({ maxLength: 254, format: 'email' });

export const PolicyVersionSummary = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  packId: Type.String(),
  version: Type.String(),
  title: Type.String(),
  banner: Type.String(),
  publishedAt: Timestamp,
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  at: Timestamp,
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const Session = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  kind: Type.String(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  idleExpiresAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  revokedReason: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
  active: Type.Boolean(),
});

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** An authorized device (§5.3.8). */
export const Device = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  agencyId: Nullable(Type.String()),
  fingerprint: Type.String({ description: 'SHA-256 (hex) of the public key' }),
  publicKey: Type.String({ description: 'SubjectPublicKeyInfo DER, base64url' }),
  name: Type.String(),
  userAgent: Nullable(Type.String()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('revoked')]),
  method: Type.String({ description: 'approval (waiting for a person), administrator (approved by decidedBy), network, certificate, open, bootstrap' }),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  addresses: Type.Array(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  revokedReason: Nullable(Type.String()),
});

/** A device in a security administrator's list, with the name of the person it belongs to. */
export const DeviceWithOwner = Type.Composite([
  Device,
  Type.Object({ owner: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })) }),
]);

export const EnrollmentPolicy = Type.Object({
  mode: Type.Union([Type.Literal('approval'), Type.Literal('open')]),
  networks: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 }),
  caCertificates: Type.Array(Type.String({ maxLength: 16_384 }), { maxItems: 8 }),
}, { additionalProperties: false });

/** A message found by GET /api/v1/search/messages: its text as members see it. */
export const SearchHit = Type.Object({
  conversationId: Type.String(), messageId: Type.String(), seq: Type.Integer(), senderId: Type.String(), body: Type.String(),
  edited: Type.Boolean(), createdAt: Timestamp,
});

/** A strict request body: unknown fields are refused, not silently dropped. */
export const Body = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  429: Type.Ref('Error'),
};
