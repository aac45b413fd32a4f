/** The audit log for auditors: list with filters, verify the chain. */
import { Type } from '@sinclair/typebox';
import { listAudit, verifyAudit } from '../../../actions/audit-log.js';
import { actorOf } from '../auth.js';
import { AuditEntry, Id, Timestamp, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

export async function auditRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.get('/api/v1/audit', {
    preHandler: authed,
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first; page with before=<seq of the last entry>',
      querystring: Type.Object({
        action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z0-9_.]+$' })),
        actorId: Type.Optional(Id),
        targetId: Type.Optional(Type.String({ maxLength: 128 })),
        agencyId: Type.Optional(Id),
        from: Type.Optional(Timestamp),
        to: Type.Optional(Timestamp),
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntry), next: Type.Optional(Type.Integer()) }), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const items = await listAudit(request.ctx, actorOf(request), {
      limit: q.limit,
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.agencyId ? { agencyId: q.agencyId } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.before !== undefined ? { beforeSeq: q.before } : {}),
    });
    return items.length === q.limit ? { items, next: items.at(-1)!.seq } : { items };
  });

  app.post('/api/v1/audit/verify', {
    preHandler: authed,
    schema: {
      tags: ['audit'],
      summary: 'Verify the hash chain; reports the first altered, deleted or reordered entry',
      response: {
        200: Type.Object({
          ok: Type.Boolean(),
          checked: Type.Integer(),
          head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
          firstBreak: Type.Union([Type.Object({ seq: Type.Integer(), problem: Type.String(), detail: Type.String() }), Type.Null()]),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => verifyAudit(request.ctx, actorOf(request)));
}
