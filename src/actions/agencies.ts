/** Agencies: first-class, because §6.0 sends enforcement recommendations to the employing agency. */
import type { Agency } from '../domain/directory.js';
import { AppError } from '../domain/errors.js';
import { authorize, scopeOf } from '../domain/roles.js';
import { audit, newId, unique, type ActionContext, type Actor } from './context.js';

export async function createAgency(ctx: ActionContext, actor: Actor, input: { code: string; name: string }): Promise<Agency> {
  authorize(actor.principal, 'agency.create');
  const agency: Agency = { id: newId(), code: input.code.toUpperCase(), name: input.name.trim(), createdAt: ctx.now() };
  await ctx.store.transaction(async (tx) => {
    await unique('code', agency.code, () => tx.agencies.insert(agency));
    await audit(tx, ctx, actor, { action: 'agency.create', targetType: 'agency', targetId: agency.id, agencyId: agency.id, after: agency });
  });
  return agency;
}

export async function requireAgency(ctx: ActionContext, id: string): Promise<Agency> {
  const agency = await ctx.store.agencies.get(id);
  if (!agency) throw new AppError('not_found', `Agency ${id} does not exist.`, { agencyId: id });
  return agency;
}

/** Reads one agency; a scoped reader sees only its own (and gets not_found for others: no probing). */
export async function getAgency(ctx: ActionContext, actor: Actor, id: string): Promise<Agency> {
  const agency = await requireAgency(ctx, id);
  const scope = scopeOf(actor.principal, 'agency.read');
  if (scope !== 'all' && !scope.includes(id) && actor.user.agencyId !== id) {
    throw new AppError('not_found', `Agency ${id} does not exist.`, { agencyId: id });
  }
  return agency;
}

/** Staff see the agencies in their scope; everyone sees their own agency. */
export async function listAgencies(ctx: ActionContext, actor: Actor): Promise<Agency[]> {
  const scope = scopeOf(actor.principal, 'agency.read');
  if (scope === 'all') return ctx.store.agencies.list({});
  const ids = new Set(scope);
  if (actor.user.agencyId) ids.add(actor.user.agencyId);
  return ctx.store.agencies.list({ ids: [...ids] });
}

export async function updateAgency(ctx: ActionContext, actor: Actor, id: string, patch: { name?: string }): Promise<Agency> {
  authorize(actor.principal, 'agency.update', { agencyId: id });
  const before = await requireAgency(ctx, id);
  const after = { ...before, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) };
  await ctx.store.transaction(async (tx) => {
    await tx.agencies.update(id, { name: after.name });
    await audit(tx, ctx, actor, { action: 'agency.update', targetType: 'agency', targetId: id, agencyId: id, before: { name: before.name }, after: { name: after.name } });
  });
  return after;
}
