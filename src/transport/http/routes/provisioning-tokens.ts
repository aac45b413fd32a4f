/** Provisioning tokens for SCIM: created (shown once), listed and revoked by system administrators. */
import { Type } from '@sinclair/typebox';
import { createProvisioningToken, listProvisioningTokens, revokeProvisioningToken } from '../../../actions/provisioning-tokens.js';
import { actorOf } from '../auth.js';
import { Body, Timestamp, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});

export async function provisioningTokenRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.post('/api/v1/provisioning-tokens', {
    preHandler: authed,
    schema: {
      tags: ['identity'],
      summary: 'Create a SCIM provisioning token (system administrators); the token is shown once',
      body: Body({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' }) }),
      response: { 201: Type.Object({ token: Type.String(), provisioningToken: Token }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { token, record } = await createProvisioningToken(request.ctx, actorOf(request), request.body.name);
    return reply.status(201).send({ token, provisioningToken: record });
  });

  app.get('/api/v1/provisioning-tokens', {
    preHandler: authed,
    schema: { tags: ['identity'], summary: 'Provisioning tokens (never their secrets)', response: { 200: Type.Object({ items: Type.Array(Token) }), ...errorResponses } },
  }, async (request) => ({ items: await listProvisioningTokens(request.ctx, actorOf(request)) }));

  app.delete('/api/v1/provisioning-tokens/:id', {
    preHandler: authed,
    schema: { tags: ['identity'], summary: 'Revoke a provisioning token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await revokeProvisioningToken(request.ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
