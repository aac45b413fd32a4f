/** The acceptable-use policy: current version, acknowledgement (§4.2), publishing. */
import { Type } from '@sinclair/typebox';
import { ackStatus, acknowledgePolicy, currentPack, getPolicyVersion, listPolicyVersions, publishPolicy } from '../../../actions/policy.js';
import { actorOf } from '../auth.js';
import { Body, PersonType, PolicyVersionSummary, RoleName, Timestamp, errorResponses } from '../schemas.js';
import { tryPolicy } from '../../../actions/content-policy.js';
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

  app.get('/api/v1/policy/current/pack', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      summary: 'The current policy pack as JSON (docs/policy-pack.md), for advisory coaching in the client; the server still decides',
      response: {
        200: Type.Object({
          policyVersionId: Type.String(), version: Type.String(),
          pack: Type.Record(Type.String(), Type.Unknown(), { description: 'The parsed pack: id, version, title, banner, rules' }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => currentPack(request.ctx, actorOf(request)));

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

  app.post('/api/v1/policy/try', {
    preHandler: authed,
    schema: {
      tags: ['policy'],
      summary: 'The console\'s test box: the decision and spans for a sample message, under the current pack or a draft (nothing is stored)',
      body: Body({
        text: Type.String({ maxLength: 100_000 }),
        source: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000 })),
        personType: Type.Optional(PersonType),
        conversationType: Type.Optional(Type.Union([Type.Literal('direct'), Type.Literal('group'), Type.Literal('channel')])),
        roles: Type.Optional(Type.Array(RoleName, { maxItems: 10 })),
      }),
      response: {
        200: Type.Object({
          policyVersion: Type.String(),
          action: Type.String(),
          redactedText: Type.Optional(Type.String()),
          rules: Type.Array(Type.Object({
            rule: Type.String(), sections: Type.Array(Type.String()), category: Type.String(), action: Type.String(), severity: Type.String(),
            overridableBy: Type.Array(Type.String()), findings: Type.Array(Type.Integer()), message: Type.String(),
          })),
          findings: Type.Array(Type.Object({
            type: Type.String(), start: Type.Integer(), end: Type.Integer(), score: Type.Number(), explanation: Type.String(), detector: Type.String(),
            attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
          })),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => tryPolicy(request.ctx, actorOf(request), request.body));

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
