/**
 * SCIM 2.0 under /scim/v2: how agency identity providers push accounts.
 * Its own encapsulated scope: bearer provisioning-token authentication, the
 * application/scim+json content type, and errors in SCIM's format rather than
 * Parley's (RFC 7644 §3.12), including for unknown routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import type { ProvisioningToken, ScimGroup } from '../../../store/identity-store.js';
import { authenticateProvisioningToken } from '../../../actions/provisioning-tokens.js';
import {
  requireGroup, scimCreateGroup, scimCreateUser, scimDeleteGroup, scimDeprovisionUser, scimGetGroup, scimGetUser,
  scimListGroups, scimListUsers, scimPatchGroup, scimReplaceGroup, scimUpdateUser, type ScimGroupView, type ScimUser,
} from '../../../actions/scim.js';
import {
  SCHEMA, ScimError, groupMeaning, parseFilter, parseGroup, parseGroupPatch, parsePaging, parseUser, parseUserPatch, type ScimType,
} from '../../../scim/protocol.js';
import { toWireError } from '../errors.js';
import { strictJsonParser } from '../validation.js';
import type { Http, RouteDeps } from '../types.js';

const MAX_PAGE = 200;
const CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Parley's error codes in SCIM's terms. */
const SCIM_TYPES: Partial<Record<string, ScimType>> = {
  already_exists: 'uniqueness',
  validation_failed: 'invalidValue',
  email_domain_not_allowed: 'invalidValue',
  invalid_json: 'invalidSyntax',
  invalid_utf8: 'invalidSyntax',
  bad_request: 'invalidSyntax',
};

export function toScimError(err: unknown, bodyLimit: number): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof AppError && err.data?.scimType === 'mutability') return new ScimError(400, err.message, 'mutability');
  const wire = toWireError(err, bodyLimit);
  // A 500 carries no detail; the request id in the log leads to it.
  return new ScimError(wire.status, wire.status >= 500 ? 'Something went wrong on the server.' : wire.message, SCIM_TYPES[wire.code]);
}

/** Answers with an error in SCIM's format; also used for errors raised before routing (app.ts, frameworkErrors). */
export function sendScimError(reply: FastifyReply, err: unknown, bodyLimit: number): FastifyReply {
  const scim = toScimError(err, bodyLimit);
  if (scim.status >= 500) reply.log.error({ err }, 'SCIM request failed');
  if (scim.status === 401) void reply.header('www-authenticate', 'Bearer realm="scim"');
  return reply.status(scim.status).type(CONTENT_TYPE).send(JSON.stringify(scim.toBody()));
}

const tokens = new WeakMap<FastifyRequest, ProvisioningToken>();
const tokenOf = (request: FastifyRequest): ProvisioningToken => {
  const t = tokens.get(request);
  if (!t) throw new AppError('unauthenticated');
  return t;
};

const iso = (ms: number) => new Date(ms).toISOString();

export async function scimRoutes(parent: Http, { config }: RouteDeps): Promise<void> {
  await parent.register(async (app) => {
    const base = (request: FastifyRequest) => `${config.publicOrigin ?? `${request.protocol}://${request.host}`}/scim/v2`;
    const send = (reply: FastifyReply, status: number, body: unknown) => reply.status(status).type(CONTENT_TYPE).send(JSON.stringify(body));

    const userResource = (request: FastifyRequest, v: ScimUser) => ({
      schemas: [SCHEMA.user, SCHEMA.enterprise],
      id: v.user.id,
      ...(v.externalId !== null ? { externalId: v.externalId } : {}),
      userName: v.user.username,
      displayName: v.user.displayName,
      name: { formatted: v.user.displayName },
      active: v.user.status === 'active',
      userType: v.user.personType,
      emails: v.user.email ? [{ value: v.user.email, type: 'work', primary: true }] : [],
      [SCHEMA.enterprise]: v.agencyCode ? { organization: v.agencyCode } : {},
      meta: { resourceType: 'User', created: iso(v.user.createdAt), lastModified: iso(v.user.updatedAt), location: `${base(request)}/Users/${v.user.id}` },
    });
    const groupResource = (request: FastifyRequest, g: ScimGroup, members?: string[]) => ({
      schemas: [SCHEMA.group],
      id: g.id,
      ...(g.externalId !== null ? { externalId: g.externalId } : {}),
      displayName: g.displayName,
      ...(members ? { members: members.map((value) => ({ value, $ref: `${base(request)}/Users/${value}` })) } : {}),
      meta: { resourceType: 'Group', created: iso(g.createdAt), lastModified: iso(g.createdAt), location: `${base(request)}/Groups/${g.id}` },
    });
    const groupOut = (request: FastifyRequest, v: ScimGroupView) => groupResource(request, v.group, v.members);
    const list = (resources: unknown[], total: number, startIndex: number) => ({
      schemas: [SCHEMA.list], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources,
    });

    // Strict UTF-8 JSON, as for application/json.
    app.addContentTypeParser('application/scim+json', { parseAs: 'buffer' }, strictJsonParser(app));

    app.setErrorHandler((err, _request, reply) => sendScimError(reply, err, config.bodyLimitBytes));
    const notFound = (request: FastifyRequest, reply: FastifyReply) =>
      send(reply, 404, new ScimError(404, `There is no SCIM endpoint ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`).toBody());
    app.setNotFoundHandler(notFound);
    // A catch-all here outranks the web client's GET /*, so unknown SCIM paths still answer in SCIM's format.
    app.all('/*', { schema: { hide: true } }, async (request, reply) => notFound(request, reply));

    app.addHook('onRequest', async (request) => {
      const m = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
      if (!m) throw new AppError('unauthenticated', 'Send the provisioning token as "Authorization: Bearer <token>".');
      tokens.set(request, await authenticateProvisioningToken(request.ctx, m[1]!));
    });

    type Q = { filter?: string; startIndex?: string; count?: string };
    type P = { id: string };

    app.get('/ServiceProviderConfig', async (_request, reply) => send(reply, 200, {
      schemas: [SCHEMA.spc],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_PAGE },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Provisioning token', description: 'A token created by a Parley system administrator.' }],
    }));

    app.post('/Users', async (request, reply) => {
      const v = await scimCreateUser(request.ctx, tokenOf(request), parseUser(request.body));
      const resource = userResource(request, v);
      void reply.header('location', resource.meta.location);
      return send(reply, 201, resource);
    });
    app.get<{ Querystring: Q }>('/Users', async (request, reply) => {
      const { filter, startIndex, count } = request.query;
      const f = filter === undefined ? undefined : parseFilter(filter, ['userName', 'externalId']);
      const paging = parsePaging(startIndex, count, MAX_PAGE);
      const page = await scimListUsers(request.ctx, {
        ...(f?.attribute === 'userName' ? { username: f.value } : {}), ...(f?.attribute === 'externalId' ? { externalId: f.value } : {}),
        offset: paging.offset, limit: paging.limit,
      });
      return send(reply, 200, list(page.items.map((v) => userResource(request, v)), page.total, paging.startIndex));
    });
    app.get<{ Params: P }>('/Users/:id', async (request, reply) => send(reply, 200, userResource(request, await scimGetUser(request.ctx, request.params.id))));
    app.put<{ Params: P }>('/Users/:id', async (request, reply) => {
      const v = await scimUpdateUser(request.ctx, tokenOf(request), request.params.id, parseUser(request.body));
      return send(reply, 200, userResource(request, v));
    });
    app.patch<{ Params: P }>('/Users/:id', async (request, reply) => {
      const v = await scimUpdateUser(request.ctx, tokenOf(request), request.params.id, parseUserPatch(request.body));
      return send(reply, 200, userResource(request, v));
    });
    app.delete<{ Params: P }>('/Users/:id', async (request, reply) => {
      await scimDeprovisionUser(request.ctx, tokenOf(request), request.params.id);
      return reply.status(204).send();
    });

    app.post('/Groups', async (request, reply) => {
      const input = parseGroup(request.body);
      const v = await scimCreateGroup(request.ctx, tokenOf(request), input, groupMeaning(input.displayName));
      const resource = groupOut(request, v);
      void reply.header('location', resource.meta.location);
      return send(reply, 201, resource);
    });
    app.get<{ Querystring: Q & { excludedAttributes?: string } }>('/Groups', async (request, reply) => {
      const { filter, startIndex, count } = request.query;
      const f = filter === undefined ? undefined : parseFilter(filter, ['displayName']);
      const paging = parsePaging(startIndex, count, MAX_PAGE);
      const all = await scimListGroups(request.ctx, f?.value);
      const page = all.slice(paging.offset, paging.offset + paging.limit);
      return send(reply, 200, list(page.map((g) => groupResource(request, g)), all.length, paging.startIndex));
    });
    app.get<{ Params: P; Querystring: { excludedAttributes?: string } }>('/Groups/:id', async (request, reply) => {
      const group = await requireGroup(request.ctx, request.params.id);
      if (request.query.excludedAttributes?.split(',').some((a) => a.trim().toLowerCase() === 'members')) {
        return send(reply, 200, groupResource(request, group));
      }
      return send(reply, 200, groupOut(request, await scimGetGroup(request.ctx, group, groupMeaning(group.displayName))));
    });
    app.patch<{ Params: P }>('/Groups/:id', async (request, reply) => {
      const group = await requireGroup(request.ctx, request.params.id);
      const v = await scimPatchGroup(request.ctx, tokenOf(request), group, groupMeaning(group.displayName), parseGroupPatch(request.body));
      return send(reply, 200, groupOut(request, v));
    });
    app.put<{ Params: P }>('/Groups/:id', async (request, reply) => {
      const group = await requireGroup(request.ctx, request.params.id);
      const v = await scimReplaceGroup(request.ctx, tokenOf(request), group, groupMeaning(group.displayName), parseGroup(request.body));
      return send(reply, 200, groupOut(request, v));
    });
    app.delete<{ Params: P }>('/Groups/:id', async (request, reply) => {
      const group = await requireGroup(request.ctx, request.params.id);
      await scimDeleteGroup(request.ctx, tokenOf(request), group, groupMeaning(group.displayName));
      return reply.status(204).send();
    });
  }, { prefix: '/scim/v2' });
}
