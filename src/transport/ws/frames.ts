/**
 * The WebSocket protocol's client frames, as TypeBox schemas: one discriminated
 * union on `type`, validated before anything acts on a frame. The normative
 * description is docs/protocol/SPEC.md; rule IDs there are quoted by the tests.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const PROTOCOL_VERSION = 1;

/** WebSocket close codes Parley uses (SPEC §Close codes). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  unsupportedProtocol: 4000,
  unauthenticated: 4001,
  heartbeatTimeout: 4002,
  sessionEnded: 4003,
  deviceNotApproved: 4004,
  slowConsumer: 4008,
  tooManyErrors: 4009,
} as const;

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const ClientId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const Ref = Type.Optional(Type.String({ maxLength: 64 }));
const Seq = Type.Integer({ minimum: 0 });
const Body = Type.String({ maxLength: 100_000 });
const Justification = Type.String({ minLength: 3, maxLength: 1000 });
const frame = <T extends string, P extends Record<string, TSchema>>(type: T, props: P) =>
  Type.Object({ type: Type.Literal(type), ref: Ref, ...props }, { additionalProperties: false });

export const ClientFrame = Type.Union([
  frame('auth', { token: Type.String({ maxLength: 200 }) }),
  frame('message.send', {
    conversationId: Id,
    clientId: ClientId,
    body: Body,
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
    justification: Type.Optional(Justification),
  }),
  frame('message.edit', { conversationId: Id, messageId: Id, clientId: ClientId, body: Body, justification: Type.Optional(Justification) }),
  frame('message.delete', { conversationId: Id, messageId: Id, clientId: ClientId }),
  frame('history', {
    conversationId: Id,
    beforeSeq: Type.Optional(Seq),
    afterSeq: Type.Optional(Seq),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  }),
  frame('resume', { positions: Type.Record(Id, Seq, { maxProperties: 1000 }) }),
  frame('read', { conversationId: Id, seq: Seq }),
  frame('typing', { conversationId: Id, state: Type.Union([Type.Literal('start'), Type.Literal('stop')]) }),
  frame('presence.set', { status: Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('dnd')]) }),
  frame('presence.watch', { userIds: Type.Array(Id, { maxItems: 500 }) }),
  frame('ping', {}),
]);
export type ClientFrame = Static<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];
export const CLIENT_FRAME_TYPES: readonly string[] = ClientFrame.anyOf.map((s) => s.properties.type.const as string);
