/** The compliance review queue (reviewers; every read is audited). */
import { Type } from '@sinclair/typebox';
import { listReviewItems } from '../../../actions/review.js';
import { actorOf } from '../auth.js';
import { Timestamp, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

export async function reviewRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.get('/api/v1/review/items', {
    preHandler: authed,
    schema: {
      tags: ['review'],
      summary: 'Messages the policy flagged, or sent over a warning or an override, newest first; page with before=<createdAt>. Audited.',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        before: Type.Optional(Timestamp),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            id: Type.String(), eventId: Type.String(), conversationId: Type.String(), senderId: Type.String(),
            agencyId: Type.Union([Type.String(), Type.Null()]), policyVersionId: Type.String(), action: Type.String(),
            rules: Type.Unknown(), status: Type.String(), createdAt: Timestamp, body: Type.Union([Type.String(), Type.Null()]), policy: Type.Unknown(),
          })),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => ({
    items: await listReviewItems(request.ctx, actorOf(request), {
      limit: request.query.limit,
      ...(request.query.status ? { status: request.query.status } : {}),
      ...(request.query.before !== undefined ? { before: request.query.before } : {}),
    }),
  }));
}
