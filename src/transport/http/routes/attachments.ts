/** Attachment upload and download. Uploads are raw bodies, streamed to the blob store. */
import { Type } from '@sinclair/typebox';
import { openAttachment, uploadAttachment } from '../../../actions/attachments.js';
import { actorOf } from '../auth.js';
import { Id, Timestamp, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const AttachmentView = Type.Object({
  id: Type.String(), sha256: Type.String(), name: Type.String(), size: Type.Integer(), contentType: Type.String(), createdAt: Timestamp,
});

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
const contentDisposition = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function attachmentRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  await app.register(async (scope) => {
    // Leave the body unread: the action streams it, after the size and quota checks.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    scope.post('/api/v1/attachments', {
      preHandler: authed,
      schema: {
        tags: ['chat'],
        summary: 'Upload a file (raw body, Content-Length required); then send its id with a message',
        description: 'Refused before reading when Content-Length is over the limit (payload_too_large, data.limitBytes) or the daily quota (quota_exceeded). The type is sniffed from the bytes; programs are refused.',
        querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false }),
        response: { 201: AttachmentView, ...errorResponses, 411: Type.Ref('Error'), 413: Type.Ref('Error'), 415: Type.Ref('Error') },
      },
    }, async (request, reply) => {
      const length = request.headers['content-length'];
      const declared = typeof length === 'string' && /^\d{1,15}$/.test(length) ? Number(length) : null;
      let a;
      try {
        a = await uploadAttachment(request.ctx, actorOf(request), { name: (request.query as { name: string }).name, declaredBytes: declared, body: request.raw });
      } catch (e) {
        // The rest of a refused upload is not read: close instead of draining it.
        void reply.header('connection', 'close');
        throw e;
      }
      return reply.status(201).send({ id: a.id, sha256: a.sha256, name: a.name, size: a.size, contentType: a.contentType, createdAt: a.createdAt });
    });
  });

  app.get('/api/v1/attachments/:id', {
    preHandler: authed,
    schema: { tags: ['chat'], summary: 'Download (members of the conversation, or the uploader before sending)', params: Type.Object({ id: Id }), response: { ...errorResponses } },
  }, async (request, reply) => {
    const { attachment, stream } = await openAttachment(request.ctx, actorOf(request), request.params.id);
    void reply
      .header('content-type', attachment.contentType)
      .header('content-length', String(attachment.size))
      .header('content-disposition', contentDisposition(attachment.name))
      .header('content-security-policy', "default-src 'none'; sandbox");
    return reply.send(stream);
  });
}
