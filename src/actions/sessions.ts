/** People see and end their own sessions; security administrators anyone's within their scope. */
import { AppError } from '../domain/errors.js';
import { authorize } from '../domain/roles.js';
import type { SessionRecord } from '../store/store.js';
import { audit, type ActionContext, type Actor } from './context.js';
import { getUser } from './users.js';

export type SessionView = Omit<SessionRecord, 'csrfToken'> & { current: boolean; active: boolean };

const view = (s: SessionRecord, actor: Actor, now: number): SessionView => {
  const { csrfToken: _c, ...rest } = s;
  return { ...rest, current: s.id === actor.sessionId, active: s.revokedAt === null && s.expiresAt > now && s.idleExpiresAt > now };
};

export async function listSessions(ctx: ActionContext, actor: Actor, userId: string): Promise<SessionView[]> {
  if (userId !== actor.user.id) {
    const user = await getUser(ctx, actor, userId);
    authorize(actor.principal, 'session.manage', { agencyId: user.agencyId });
  }
  const now = ctx.now();
  return (await ctx.store.sessions.listForUser(userId)).map((s) => view(s, actor, now));
}

export async function revokeSession(ctx: ActionContext, actor: Actor, sessionId: string): Promise<void> {
  const session = await ctx.store.sessions.get(sessionId);
  if (!session) throw new AppError('not_found', 'No such session.');
  if (session.userId !== actor.user.id) {
    const user = await ctx.store.users.get(session.userId);
    // Someone else's session: not_found unless you may manage it, so ids cannot be probed.
    if (!user) throw new AppError('not_found', 'No such session.');
    try {
      authorize(actor.principal, 'session.manage', { agencyId: user.agencyId });
    } catch {
      throw new AppError('not_found', 'No such session.');
    }
  }
  await ctx.store.transaction(async (tx) => {
    const changed = await tx.sessions.revoke(sessionId, ctx.now(), session.userId === actor.user.id ? 'ended_by_user' : 'ended_by_admin');
    if (changed) {
      await audit(tx, ctx, actor, { action: 'session.revoke', targetType: 'session', targetId: sessionId, after: { userId: session.userId } });
    }
  });
  ctx.events.endSessions([{ id: sessionId, userId: session.userId }], session.userId === actor.user.id ? 'ended_by_user' : 'ended_by_admin');
}
