/** First run: a system administrator with a one-time secret, and the shipped policy pack. */
import { audit, type ActionContext } from './context.js';
import { insertUserWithSecret } from './users.js';
import { publishPolicySource } from './policy.js';
import type { PolicyVersion } from '../store/store.js';

export interface CreatedAdmin {
  username: string;
  secret: string;
}

/** Creates a system administrator named `username`, or admin, admin-2, … if not given. */
export async function createSystemAdmin(ctx: ActionContext, username?: string): Promise<CreatedAdmin> {
  return ctx.store.transaction(async (tx) => {
    let name = username;
    if (!name) {
      name = 'admin';
      for (let n = 2; await tx.users.getByUsername(name); n++) name = `admin-${n}`;
    }
    const { user, secret } = await insertUserWithSecret(ctx, tx, {
      username: name,
      displayName: 'System Administrator',
      agencyId: null,
      personType: 'employee',
    });
    await tx.roles.grant(user.id, { role: 'system_admin', agencyId: null }, null, ctx.now());
    await audit(tx, ctx, null, {
      action: 'user.create', targetType: 'user', targetId: user.id, after: { ...user, roles: ['system_admin'], via: 'bootstrap' },
    });
    return { username: user.username, secret };
  });
}

/** Returns the new administrator when none existed, else null. */
export async function ensureSystemAdmin(ctx: ActionContext): Promise<CreatedAdmin | null> {
  if ((await ctx.store.users.countWithRole('system_admin')) > 0) return null;
  return createSystemAdmin(ctx);
}

/** Publishes the shipped pack when no policy has been published yet; never overwrites one. */
export async function ensurePolicy(ctx: ActionContext, shippedSource: string): Promise<PolicyVersion> {
  return (await ctx.store.policies.current()) ?? publishPolicySource(ctx, null, shippedSource);
}
