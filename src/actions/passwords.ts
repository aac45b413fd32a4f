/** Changing one's own password, and an administrator issuing a one-time secret. */
import { AppError } from '../domain/errors.js';
import { authorize } from '../domain/roles.js';
import { hashPassword, oneTimeSecret, passwordProblem, verifyPassword } from '../auth/password.js';
import { audit, type ActionContext, type Actor } from './context.js';
import { requireUser } from './users.js';

export async function changeOwnPassword(
  ctx: ActionContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { store } = ctx;
  const credential = await store.credentials.get(actor.user.id);
  if (!credential || !(await verifyPassword(input.currentPassword, credential.passwordHash))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.');
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new AppError('weak_password', `The new password ${problem}.`, { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) {
    throw new AppError('weak_password', 'The new password must differ from the current one.', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword, ctx.config.scryptCost);
  const now = ctx.now();
  const ended = await store.transaction(async (tx) => {
    await tx.credentials.upsert({ userId: actor.user.id, passwordHash, mustChange: false, failedAttempts: 0, lockedUntil: null, updatedAt: now });
    // Every other session ends: a changed password must lock out whoever knew the old one.
    const sessions = await tx.sessions.listForUser(actor.user.id);
    const others = sessions.filter((s) => s.id !== actor.sessionId && s.revokedAt === null);
    for (const s of others) await tx.sessions.revoke(s.id, now, 'password_changed');
    await audit(tx, ctx, actor, { action: 'auth.password.change', targetType: 'user', targetId: actor.user.id, agencyId: actor.user.agencyId });
    return others.map((s) => ({ id: s.id, userId: actor.user.id }));
  });
  ctx.events.endSessions(ended, 'password_changed');
}

/** Issues a one-time secret the user must replace at first sign-in; ends their sessions. */
export async function resetPassword(ctx: ActionContext, actor: Actor, userId: string): Promise<{ secret: string }> {
  const target = await requireUser(ctx, userId);
  authorize(actor.principal, 'user.update', { agencyId: target.agencyId });
  if (target.id === actor.user.id) throw new AppError('forbidden', 'Change your own password with the password-change route.');
  const secret = oneTimeSecret();
  const passwordHash = await hashPassword(secret, ctx.config.scryptCost);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await tx.credentials.upsert({ userId, passwordHash, mustChange: true, failedAttempts: 0, lockedUntil: null, updatedAt: now });
    await tx.sessions.revokeAllForUser(userId, now, 'password_reset');
    await audit(tx, ctx, actor, { action: 'auth.password.reset', targetType: 'user', targetId: userId, agencyId: target.agencyId });
  });
  ctx.events.endSessions([{ id: '*', userId }], 'password_reset');
  return { secret };
}
