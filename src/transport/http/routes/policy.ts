/** The acceptable-use policy: current version, acknowledgement (§4.2), publishing. */
import { Type } from '@sinclair/typebox';
import { ackStatus, acknowledgePolicy, getPolicyVersion, listPolicyVersions, publishPolicy } from '../../../actions/policy.js';
import { actorOf } from '../auth.js';
import { Body, PolicyVersionSummary, Timestamp, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const summary = <T extends { source?: string }>(v: T) => {
  const { source: _s, ...rest } = v;
  return rest;
};

export async function policyRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.get('/api/v1/policy/current', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      summary: 'The current policy version, its banner, and whether the caller has acknowledged it',
      response: { 200: Type.Object({ policy: PolicyVersionSummary, acknowledged: Type.Boolean() }), ...errorResponses },
    },
  }, async (request) => {
    const status = await ackStatus(request.ctx, actorOf(request));
    return { policy: summary(status.policy), acknowledged: status.acknowledged };
  });

  app.post('/api/v1/policy/acknowledgements', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      summary: 'Acknowledge the current policy: no expectation of privacy; all IM is monitored and recorded',
      body: Body({ policyVersionId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: {
        201: Type.Object({ id: Type.String(), policyVersionId: Type.String(), at: Timestamp }),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const ack = await acknowledgePolicy(request.ctx, actorOf(request), request.body.policyVersionId);
    return reply.status(201).send({ id: ack.id, policyVersionId: ack.policyVersionId, at: ack.at });
  });

  app.get('/api/v1/policy/versions', {
    preHandler: authed,
    schema: { tags: ['policy'], response: { 200: Type.Object({ items: Type.Array(PolicyVersionSummary) }), ...errorResponses } },
  }, async (request) => ({ items: await listPolicyVersions(request.ctx, actorOf(request)) }));

  app.get('/api/v1/policy/versions/:id', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Composite([PolicyVersionSummary, Type.Object({ source: Type.String() })]), ...errorResponses },
    },
  }, async (request) => getPolicyVersion(request.ctx, actorOf(request), request.params.id));

  app.post('/api/v1/policy/versions', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      summary: 'Publish a new policy pack version; every user must acknowledge it again',
      body: Body({ source: Type.String({ minLength: 1, maxLength: 1_000_000 }) }),
      response: { 201: PolicyVersionSummary, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(summary(await publishPolicy(request.ctx, actorOf(request), request.body.source))));
}
