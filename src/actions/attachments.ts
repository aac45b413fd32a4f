/**
 * Attachments (WVOT-PO1010 §5.3.7: no large files that strain the network).
 * The size limit is checked against Content-Length before a byte is read and
 * enforced again while streaming; a daily quota bounds each user; the type is
 * sniffed from the bytes, never taken from the name. Only members of the
 * conversation that carries an attachment may download it.
 */
import { AppError } from '../domain/errors.js';
import type { Attachment, AttachmentRef } from '../domain/messaging.js';
import { BlobTooLargeError, isExecutableContentType, type BlobInput } from '../blobs/index.js';
import { newId, type ActionContext, type Actor } from './context.js';
import { requireChatAccess } from './policy.js';
import { requireMembership } from './conversations.js';

const DAY_MS = 86_400_000;
const startOfUtcDay = (t: number): number => t - (t % DAY_MS);

/** A file name reduced to what is safe to store and to echo in a Content-Disposition header. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters, characters Windows forbids, and invisible or bidirectional marks that disguise an extension.
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '_').trim().slice(0, 200);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'attachment' : cleaned;
}

export async function uploadAttachment(
  ctx: ActionContext,
  actor: Actor,
  input: { name: string; declaredBytes: number | null; body: BlobInput },
): Promise<Attachment> {
  await requireChatAccess(ctx, actor);
  const max = ctx.config.attachmentMaxBytes;
  if (input.declaredBytes === null) throw new AppError('length_required');
  if (input.declaredBytes > max) {
    throw new AppError('payload_too_large', `The file is ${input.declaredBytes} bytes; the limit is ${max} bytes.`, { limitBytes: max });
  }
  const now = ctx.now();
  const used = await ctx.store.attachments.bytesSince(actor.user.id, startOfUtcDay(now));
  const quota = ctx.config.attachmentDailyQuotaBytes;
  if (used + input.declaredBytes > quota) {
    throw new AppError('quota_exceeded', `You have uploaded ${used} of ${quota} bytes today; this file would pass the quota.`, {
      usedBytes: used, quotaBytes: quota, retryAfterSeconds: Math.ceil((startOfUtcDay(now) + DAY_MS - now) / 1000),
    });
  }
  let blob;
  try {
    blob = await ctx.blobs.put(input.body, { maxBytes: Math.min(max, input.declaredBytes) });
  } catch (e) {
    if (e instanceof BlobTooLargeError) {
      throw new AppError('payload_too_large', `The upload is larger than declared or than the limit of ${max} bytes.`, { limitBytes: max });
    }
    throw e;
  }
  if (isExecutableContentType(blob.contentType)) {
    // §5.3.7 and WVOT security policy: programs do not travel by IM. The bytes
    // stay content-addressed for the record only if something else refers to them.
    if (blob.created) await ctx.blobs.delete(blob.sha256);
    throw new AppError('attachment_refused', `Programs (${blob.contentType}) may not be sent by IM.`, { contentType: blob.contentType });
  }
  const attachment: Attachment = {
    id: newId(), sha256: blob.sha256, name: cleanFileName(input.name), size: blob.size, contentType: blob.contentType,
    uploaderId: actor.user.id, createdAt: now, conversationId: null, messageId: null,
  };
  await ctx.store.attachments.insert(attachment);
  return attachment;
}

/** The sender's own, not yet sent uploads, as references for a message. */
export async function attachmentsForSend(ctx: ActionContext, actor: Actor, ids: readonly string[]): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const id of new Set(ids)) {
    const a = await ctx.store.attachments.get(id);
    if (!a || a.uploaderId !== actor.user.id) throw new AppError('not_found', `Attachment ${id} does not exist.`, { attachmentId: id });
    if (a.messageId !== null) throw new AppError('conflict', `Attachment ${id} was already sent.`, { attachmentId: id });
    refs.push({ id: a.id, sha256: a.sha256, name: a.name, size: a.size, contentType: a.contentType });
  }
  return refs;
}

/** Opens an attachment for a member of its conversation, or for its uploader before it is sent. */
export async function openAttachment(ctx: ActionContext, actor: Actor, id: string): Promise<{ attachment: Attachment; stream: NodeJS.ReadableStream }> {
  await requireChatAccess(ctx, actor);
  const a = await ctx.store.attachments.get(id);
  const notFound = new AppError('not_found', `Attachment ${id} does not exist.`, { attachmentId: id });
  if (!a) throw notFound;
  if (a.conversationId === null) {
    if (a.uploaderId !== actor.user.id) throw notFound;
  } else {
    await requireMembership(ctx, actor, a.conversationId).catch(() => {
      throw notFound;
    });
    // A deleted message takes its attachments with it, for members.
    const changes = await ctx.store.messages.changesTo([a.messageId!]);
    if (changes.some((c) => c.kind === 'delete')) throw notFound;
  }
  return { attachment: a, stream: await ctx.blobs.open(a.sha256) };
}
