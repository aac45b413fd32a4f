/**
 * The review queue: what the content policy flagged, and messages sent over a
 * warning or an override. Reading it shows other people's messages, so every
 * read is audited (who read which items, when, from where).
 */
import { AppError } from '../domain/errors.js';
import { scopeOf } from '../domain/roles.js';
import type { ReviewItem } from '../store/store.js';
import { audit, type ActionContext, type Actor } from './context.js';

export interface ReviewView extends ReviewItem {
  /** The message exactly as recorded (not as redacted for members). */
  body: string | null;
  policy: unknown;
}

export async function listReviewItems(
  ctx: ActionContext, actor: Actor, filter: { status?: ReviewItem['status']; before?: number; limit: number },
): Promise<ReviewView[]> {
  const scope = scopeOf(actor.principal, 'review.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden', 'Missing permission review.read.', { permission: 'review.read' });
  const items = await ctx.store.reviews.list({
    limit: filter.limit,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.before !== undefined ? { beforeCreatedAt: filter.before } : {}),
    ...(scope === 'all' ? {} : { agencyIds: scope }),
  });
  const views: ReviewView[] = [];
  for (const item of items) {
    const event = await ctx.store.messages.getEvent(item.eventId);
    views.push({ ...item, body: event?.body ?? null, policy: event?.meta?.policy ?? null });
  }
  if (views.length > 0) {
    await ctx.store.transaction((tx) =>
      audit(tx, ctx, actor, {
        action: 'review.queue.read',
        targetType: 'review_items',
        targetId: views.length === 1 ? views[0]!.id : null,
        agencyId: scope === 'all' ? null : (scope.length === 1 ? scope[0]! : null),
        after: { items: views.map((v) => v.id), events: views.map((v) => v.eventId) },
      }),
    );
  }
  return views;
}
