/** REST equivalents of the chat protocol, for scripts and clients without a socket. */
import { Type, type TSchema } from '@sinclair/typebox';
import {
  addMembers, createChannel, createGroup, getConversation, getPresence, leaveConversation, listChannels, listMyConversations, openDirect,
} from '../../../actions/conversations.js';
import { chatSettings, deleteMessage, editMessage, history, markRead, sendMessage } from '../../../actions/messages.js';
import { SEARCH_MAX_CHARS, searchMessages } from '../../../actions/search.js';
import { actorOf } from '../auth.js';
import { AppError } from '../../../domain/errors.js';
import { Body, Id, SearchHit, Timestamp, errorResponses, literalUnion } from '../schemas.js';
import { CONVERSATION_KINDS, EVENT_KINDS } from '../../../domain/messaging.js';
import type { Http, RouteDeps } from '../types.js';

const ClientId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const Justification = Type.String({ minLength: 3, maxLength: 1000 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ConversationView = Type.Object({
  id: Type.String(), kind: literalUnion(CONVERSATION_KINDS), name: Nullable(Type.String()), topic: Nullable(Type.String()),
  agencyId: Nullable(Type.String()), lastSeq: Type.Integer(), lastEventAt: Timestamp, memberIds: Type.Array(Type.String()),
});
const ConversationSummary = Type.Object({
  id: Type.String(), kind: literalUnion(CONVERSATION_KINDS), name: Nullable(Type.String()), topic: Nullable(Type.String()),
  agencyId: Nullable(Type.String()), lastSeq: Type.Integer(), lastEventAt: Timestamp, role: Type.String(), readSeq: Type.Integer(), unread: Type.Integer(),
});
export const ClientEvent = Type.Object({
  conversationId: Type.String(), seq: Type.Integer(), id: Type.String(), kind: literalUnion(EVENT_KINDS), messageId: Type.String(),
  senderId: Type.String(), clientId: Type.String(), body: Nullable(Type.String()),
  attachments: Type.Array(Type.Object({ id: Type.String(), sha256: Type.String(), name: Type.String(), size: Type.Integer(), contentType: Type.String() })),
  userId: Nullable(Type.String()), mentions: Type.Array(Type.String()), mentionsAll: Type.Boolean(), edited: Type.Boolean(), deleted: Type.Boolean(), createdAt: Timestamp,
});
const SendResult = Type.Object({ event: ClientEvent, duplicate: Type.Boolean() });
const ConvParams = Type.Object({ id: Id });
const MessageParams = Type.Object({ id: Id, messageId: Id });

export async function conversationRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  app.get('/api/v1/conversations', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'My conversations, most recently active first, with unread counts',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ConversationSummary) }), ...errorResponses },
    },
  }, async (request) => ({ items: await listMyConversations(request.ctx, actorOf(request), request.query.limit) }));

  app.post('/api/v1/conversations', {
    preHandler: authed,
    schema: {
      tags: ['chat'],
      summary: 'Open a direct conversation, create a group, or create an agency channel',
      body: Type.Union([
        Body({ kind: Type.Literal('direct'), userId: Id }),
        Body({ kind: Type.Literal('group'), name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))), memberIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }) }),
        Body({
          kind: Type.Literal('channel'), name: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' }),
          topic: Type.Optional(Nullable(Type.String({ maxLength: 250 }))), agencyId: Id,
        }),
      ]),
      response: { 201: ConversationView, ...errorResponses },
    },
  }, async (request, reply) => {
    const ctx = request.ctx;
    const actor = actorOf(request);
    const b = request.body;
    const v = b.kind === 'direct' ? await openDirect(ctx, actor, b.userId)
      : b.kind === 'group' ? await createGroup(ctx, actor, { name: b.name ?? null, memberIds: b.memberIds })
      : await createChannel(ctx, actor, { name: b.name, topic: b.topic ?? null, agencyId: b.agencyId });
    return reply.status(201).send(v);
  });

  app.get('/api/v1/conversations/:id', {
    preHandler: authed,
    schema: { tags: ['chat'], params: ConvParams, response: { 200: ConversationView, ...errorResponses } },
  }, async (request) => getConversation(request.ctx, actorOf(request), request.params.id));

  app.post('/api/v1/conversations/:id/members', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Add people (members only), or join a channel by adding oneself',
      params: ConvParams, body: Body({ userIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }) }),
      response: { 200: ConversationView, ...errorResponses },
    },
  }, async (request) => addMembers(request.ctx, actorOf(request), request.params.id, request.body.userIds));

  app.delete('/api/v1/conversations/:id/members/me', {
    preHandler: authed,
    schema: { tags: ['chat'], summary: 'Leave a group or channel', params: ConvParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await leaveConversation(request.ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/presence', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Who is online (§8.5): status and, when offline, when last seen',
      querystring: Type.Object({ userIds: Type.String({ minLength: 1, maxLength: 20_000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ userId: Type.String(), status: Type.String(), lastSeenAt: Nullable(Timestamp) })) }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const ids = request.query.userIds.split(',');
    if (ids.length > 500) throw new AppError('validation_failed', 'Ask about at most 500 users at once.', { field: 'query.userIds' });
    return { items: await getPresence(request.ctx, actorOf(request), ids) };
  });

  app.get('/api/v1/channels', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Channels one can join',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 80 })), agencyId: Type.Optional(Id), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Omit(ConversationView, ['memberIds'])) }), ...errorResponses },
    },
  }, async (request) => ({
    items: await listChannels(request.ctx, actorOf(request), {
      limit: request.query.limit, ...(request.query.q ? { query: request.query.q } : {}), ...(request.query.agencyId ? { agencyId: request.query.agencyId } : {}),
    }),
  }));

  app.get('/api/v1/chat/settings', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'The limits a client shows before sending or uploading (§5.3.5, §5.3.7)',
      response: {
        200: Type.Object({
          messageMaxChars: Type.Integer(), attachmentMaxBytes: Type.Integer(), attachmentDailyQuotaBytes: Type.Integer(), groupMaxMembers: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => chatSettings(request.ctx, actorOf(request)));

  app.get('/api/v1/search/messages', {
    preHandler: authed,
    schema: {
      tags: ['chat'],
      summary: 'Search my conversations: messages whose text as members see it contains q (case-insensitive), newest first',
      description: 'Only conversations the caller is a member of; edited-away, deleted and redacted text is not found. '
        + 'A page may hold fewer than limit hits; follow next until it is absent.',
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: SEARCH_MAX_CHARS }), conversationId: Type.Optional(Id),
        after: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(SearchHit),
          next: Type.Optional(Type.String()),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => searchMessages(request.ctx, actorOf(request), {
    query: request.query.q, limit: request.query.limit,
    ...(request.query.conversationId ? { conversationId: request.query.conversationId } : {}),
    ...(request.query.after ? { after: request.query.after } : {}),
  }));

  app.get('/api/v1/conversations/:id/events', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'History: after=<seq> pages forward (resume), otherwise backward from before=<seq>; oldest first',
      params: ConvParams,
      querystring: Type.Object({
        after: Type.Optional(Type.Integer({ minimum: 0 })), before: Type.Optional(Type.Integer({ minimum: 0 })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ events: Type.Array(ClientEvent), hasMore: Type.Boolean() }), ...errorResponses },
    },
  }, async (request) => history(request.ctx, actorOf(request), {
    conversationId: request.params.id, limit: request.query.limit,
    ...(request.query.after !== undefined ? { afterSeq: request.query.after } : {}),
    ...(request.query.before !== undefined ? { beforeSeq: request.query.before } : {}),
  }));

  app.post('/api/v1/conversations/:id/messages', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Send a message; 201 once committed, 200 with duplicate=true when the client id was already sent',
      params: ConvParams,
      body: Body({
        clientId: ClientId, body: Type.String({ maxLength: 100_000 }), attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
        justification: Type.Optional(Justification),
      }),
      response: { 200: SendResult, 201: SendResult, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await sendMessage(request.ctx, actorOf(request), { conversationId: request.params.id, ...request.body });
    return reply.status(r.duplicate ? 200 : 201).send(r);
  });

  app.patch('/api/v1/conversations/:id/messages/:messageId', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Edit one\'s message (the record keeps the original)',
      params: MessageParams, body: Body({ clientId: ClientId, body: Type.String({ maxLength: 100_000 }), justification: Type.Optional(Justification) }),
      response: { 200: SendResult, ...errorResponses },
    },
  }, async (request) => editMessage(request.ctx, actorOf(request), { conversationId: request.params.id, messageId: request.params.messageId, ...request.body }));

  app.delete('/api/v1/conversations/:id/messages/:messageId', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Delete one\'s message for members (the record keeps it)',
      params: MessageParams, querystring: Type.Object({ clientId: ClientId }, { additionalProperties: false }),
      response: { 200: SendResult, ...errorResponses },
    },
  }, async (request) => deleteMessage(request.ctx, actorOf(request), {
    conversationId: request.params.id, messageId: request.params.messageId, clientId: request.query.clientId,
  }));

  app.post('/api/v1/conversations/:id/read', {
    preHandler: authed,
    schema: {
      tags: ['chat'], summary: 'Raise my read marker', params: ConvParams, body: Body({ seq: Type.Integer({ minimum: 0 }) }),
      response: { 200: Type.Object({ readSeq: Type.Integer() }), ...errorResponses },
    },
  }, async (request) => ({ readSeq: await markRead(request.ctx, actorOf(request), request.params.id, request.body.seq) }));
}
