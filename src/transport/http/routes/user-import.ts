/** POST /api/v1/users/import: a CSV of users, checked (dryRun=true) or created in one transaction. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../../domain/errors.js';
import { importUsers } from '../../../actions/user-import.js';
import { actorOf } from '../auth.js';
import { User, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const Problem = Type.Object({ line: Type.Integer(), field: Type.Optional(Type.String()), message: Type.String() });

export async function userImportRoutes(parent: Http, { authed, config }: RouteDeps): Promise<void> {
  // Its own scope, so that text/csv is accepted here and nowhere else.
  await parent.register(async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(['text/csv'], { parseAs: 'buffer', bodyLimit: config.userImportMaxBytes }, (_request, body, done) => {
      try {
        done(null, new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer));
      } catch {
        done(new AppError('invalid_utf8', 'The CSV is not valid UTF-8; save it as UTF-8 and try again.'), undefined);
      }
    });
    app.post('/api/v1/users/import', {
      preHandler: authed,
      bodyLimit: config.userImportMaxBytes,
      schema: {
        tags: ['directory'],
        summary: 'Import users from CSV (text/csv): dryRun=true reports every bad row; otherwise all are created or none',
        description: 'Columns: username, displayName, email, agencyCode, personType (header line required). Each created user gets a one-time secret, returned once.',
        querystring: Type.Object({ dryRun: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ dryRun: Type.Boolean(), rows: Type.Integer(), problems: Type.Array(Problem) }),
          201: Type.Object({ dryRun: Type.Boolean(), rows: Type.Integer(), created: Type.Array(Type.Object({ line: Type.Integer(), user: User, oneTimeSecret: Type.String() })) }),
          ...errorResponses,
          413: Type.Ref('Error'),
          415: Type.Ref('Error'),
          422: Type.Ref('Error'),
        },
      },
    }, async (request, reply) => {
      if (typeof request.body !== 'string') throw new AppError('unsupported_media_type', 'Send the file as text/csv.');
      const report = await importUsers(request.ctx, actorOf(request), request.body, { dryRun: request.query.dryRun });
      if (report.dryRun) return reply.status(200).send({ dryRun: true, rows: report.rows, problems: report.problems });
      return reply.status(201).send({ dryRun: false, rows: report.rows, created: report.created });
    });
  });
}
