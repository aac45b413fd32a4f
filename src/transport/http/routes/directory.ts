/** Agencies, users and roles. */
import { Type } from '@sinclair/typebox';
import { createAgency, getAgency, listAgencies, updateAgency } from '../../../actions/agencies.js';
import {
  createUser, getUser, grantRole, listRoles, listUsers, revokeRole, lookupPeople, searchDirectory, setUserStatus, updateUser,
} from '../../../actions/users.js';
import { resetPassword } from '../../../actions/passwords.js';
import { actorOf } from '../auth.js';
import {
  Agency, Body, DisplayName, Email, Id, PersonType, RoleAssignment, RoleName, User, UserStatus, Username, errorResponses,
} from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const NullableId = Type.Union([Id, Type.Null()]);
const DirectoryEntry = Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String(), agencyId: Type.Union([Type.String(), Type.Null()]) });

export async function directoryRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.get('/api/v1/agencies', {
    preHandler: authed,
    schema: { tags: ['directory'], summary: 'Agencies in the caller\'s scope', response: { 200: Type.Object({ items: Type.Array(Agency) }), ...errorResponses } },
  }, async (request) => ({ items: await listAgencies(request.ctx, actorOf(request)) }));

  app.post('/api/v1/agencies', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Create an agency (system administrators)',
      body: Body({
        code: Type.String({ minLength: 2, maxLength: 16, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
      }),
      response: { 201: Agency, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await createAgency(request.ctx, actorOf(request), request.body)));

  app.get('/api/v1/agencies/:id', {
    preHandler: authed,
    schema: { tags: ['directory'], params: IdParams, response: { 200: Agency, ...errorResponses } },
  }, async (request) => getAgency(request.ctx, actorOf(request), request.params.id));

  app.patch('/api/v1/agencies/:id', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      params: IdParams,
      body: Body({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      response: { 200: Agency, ...errorResponses },
    },
  }, async (request) => updateAgency(request.ctx, actorOf(request), request.params.id, request.body));

  app.get('/api/v1/users', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Users in the caller\'s scope, paged by username',
      querystring: Type.Object({
        agencyId: Type.Optional(Id),
        status: Type.Optional(UserStatus),
        personType: Type.Optional(PersonType),
        q: Type.Optional(Type.String({ maxLength: 64 })),
        after: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(User), next: Type.Optional(Type.String()) }), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    return listUsers(request.ctx, actorOf(request), {
      limit: q.limit,
      ...(q.agencyId ? { agencyId: q.agencyId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.personType ? { personType: q.personType } : {}),
      ...(q.q ? { query: q.q } : {}),
      ...(q.after ? { after: q.after } : {}),
    });
  });

  app.post('/api/v1/users', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Create a user; returns a one-time secret to hand over, which must be changed at first sign-in',
      body: Body({
        username: Username,
        displayName: DisplayName,
        email: Type.Optional(Type.Union([Email, Type.Null()])),
        agencyId: NullableId,
        personType: PersonType,
      }),
      response: { 201: Type.Object({ user: User, oneTimeSecret: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { user, secret } = await createUser(request.ctx, actorOf(request), { ...request.body, email: request.body.email ?? null });
    return reply.status(201).send({ user, oneTimeSecret: secret });
  });

  app.get('/api/v1/users/:id', {
    preHandler: authed,
    schema: { tags: ['directory'], params: IdParams, response: { 200: User, ...errorResponses } },
  }, async (request) => getUser(request.ctx, actorOf(request), request.params.id));

  app.patch('/api/v1/users/:id', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      params: IdParams,
      body: Body({
        displayName: Type.Optional(DisplayName),
        email: Type.Optional(Type.Union([Email, Type.Null()])),
        personType: Type.Optional(PersonType),
        agencyId: Type.Optional(NullableId),
      }),
      response: { 200: User, ...errorResponses },
    },
  }, async (request) => updateUser(request.ctx, actorOf(request), request.params.id, request.body));

  app.post('/api/v1/users/:id/status', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Suspend, deprovision or reactivate; leaving active ends every session. Records are never deleted.',
      params: IdParams,
      body: Body({ status: UserStatus, reason: Type.String({ minLength: 1, maxLength: 500 }) }),
      response: { 200: User, ...errorResponses },
    },
  }, async (request) => setUserStatus(request.ctx, actorOf(request), request.params.id, request.body.status, request.body.reason));

  app.post('/api/v1/users/:id/password-reset', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Issue a new one-time secret and end the user\'s sessions',
      params: IdParams,
      response: { 200: Type.Object({ oneTimeSecret: Type.String() }), ...errorResponses },
    },
  }, async (request) => ({ oneTimeSecret: (await resetPassword(request.ctx, actorOf(request), request.params.id)).secret }));

  app.get('/api/v1/users/:id/roles', {
    preHandler: authed,
    schema: { tags: ['directory'], params: IdParams, response: { 200: Type.Object({ items: Type.Array(RoleAssignment) }), ...errorResponses } },
  }, async (request) => ({ items: await listRoles(request.ctx, actorOf(request), request.params.id) }));

  app.post('/api/v1/users/:id/roles', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Grant a role, statewide (agencyId null) or over one agency',
      params: IdParams,
      body: RoleAssignment,
      response: { 200: Type.Object({ items: Type.Array(RoleAssignment) }), ...errorResponses },
    },
  }, async (request) => ({ items: await grantRole(request.ctx, actorOf(request), request.params.id, request.body) }));

  app.delete('/api/v1/users/:id/roles/:role', {
    preHandler: authed,
    schema: {
      tags: ['directory'],
      summary: 'Revoke a role; agencyId in the query names a scoped assignment',
      params: Type.Object({ id: Type.String({ maxLength: 64 }), role: RoleName }),
      querystring: Type.Object({ agencyId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(RoleAssignment) }), ...errorResponses },
    },
  }, async (request) => ({
    items: await revokeRole(request.ctx, actorOf(request), request.params.id, { role: request.params.role, agencyId: request.query.agencyId ?? null }),
  }));

  app.get('/api/v1/directory', {
    preHandler: authed,
    schema: {
      tags: ['chat'],
      summary: 'Find people to message: active State users (requires the policy acknowledgement)',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 64 })),
        after: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(DirectoryEntry),
          next: Type.Optional(Type.String()),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => searchDirectory(request.ctx, actorOf(request), {
    limit: request.query.limit,
    ...(request.query.q ? { query: request.query.q } : {}),
    ...(request.query.after ? { after: request.query.after } : {}),
  }));

  app.get('/api/v1/directory/people', {
    preHandler: authed,
    schema: {
      tags: ['chat'],
      summary: 'Names of people by id (members and senders met in chat), whatever their status; unknown ids are left out',
      querystring: Type.Object({
        ids: Type.String({ minLength: 1, maxLength: 6500, pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}$' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DirectoryEntry) }), ...errorResponses },
    },
  }, async (request) => ({ items: await lookupPeople(request.ctx, actorOf(request), request.query.ids.split(',')) }));
}
