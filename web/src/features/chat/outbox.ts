/**
 * Changes the user made that the server has not yet acknowledged. Each keeps
 * its clientId for life, so a resend after a reconnect is idempotent (SPEC
 * [SND-2]): the server answers the first ack again instead of storing twice.
 */
import type { AttachmentRef } from '../../../../src/domain/messaging.js';
import type { PolicyProblem } from './frames';

export interface Pending {
  clientId: string;
  conversationId: string;
  kind: 'send' | 'edit' | 'delete';
  /** The message an edit or delete is about. */
  messageId?: string;
  body: string;
  /** Files uploaded for a send, bound to the message by the server. */
  attachments?: readonly AttachmentRef[];
  justification?: string;
  /** sending: on its way or waiting for a connection; acked: stored, its event not yet here; confirm: the policy asks for a justification. */
  state: 'sending' | 'acked' | 'confirm' | 'failed';
  problem?: PolicyProblem;
  error?: string;
}

/** The frame that sends (or resends) a pending change; `ref` is the clientId so an error finds its way back. */
export function frameOf(p: Pending): Record<string, unknown> {
  const common = { ref: p.clientId, conversationId: p.conversationId, clientId: p.clientId };
  if (p.kind === 'delete') return { type: 'message.delete', ...common, messageId: p.messageId };
  const justification = p.justification ? { justification: p.justification } : {};
  if (p.kind === 'edit') return { type: 'message.edit', ...common, messageId: p.messageId, body: p.body, ...justification };
  const files = p.attachments?.length ? { attachmentIds: p.attachments.map((a) => a.id) } : {};
  return { type: 'message.send', ...common, body: p.body, ...files, ...justification };
}

export const update = (list: readonly Pending[], clientId: string, patch: Partial<Pending>): Pending[] =>
  list.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p));

export const without = (list: readonly Pending[], clientId: string): Pending[] => list.filter((p) => p.clientId !== clientId);

/** An ack arrived: a send stays (as acked) until its event is shown, so it never blinks out; an edit or delete is done. */
export function acknowledge(list: readonly Pending[], clientId: string, delivered: ReadonlySet<string>): Pending[] {
  const p = list.find((x) => x.clientId === clientId);
  if (!p) return [...list];
  if (p.kind !== 'send' || delivered.has(clientId)) return without(list, clientId);
  return update(list, clientId, { state: 'acked' });
}

/** Sends whose message event has arrived are shown from the timeline instead. */
export const dropDelivered = (list: readonly Pending[], delivered: ReadonlySet<string>): Pending[] =>
  list.some((p) => p.kind === 'send' && delivered.has(p.clientId)) ? list.filter((p) => !(p.kind === 'send' && delivered.has(p.clientId))) : [...list];

/** What to send again after a reconnect: everything not acknowledged and not waiting on the user. */
export const toResend = (list: readonly Pending[]): Pending[] => list.filter((p) => p.state === 'sending');
