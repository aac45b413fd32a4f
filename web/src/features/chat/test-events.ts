/** Client events for the chat tests: only what differs is given. */
import type { ClientEvent } from '../../app/wire';

export function ev(seq: number, over: Partial<ClientEvent> = {}): ClientEvent {
  return {
    conversationId: 'c1', seq, id: `e${seq}`, kind: 'message', messageId: `m${seq}`, senderId: 'bob', clientId: `k${seq}`,
    body: `body ${seq}`, attachments: [], userId: null, mentions: [], mentionsAll: false, edited: false, deleted: false, createdAt: 1000 + seq,
    ...over,
  };
}
