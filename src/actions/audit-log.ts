/** Reading and verifying the audit log (WVOT-PO1010 §7.0). */
import { ChainVerifier, type AuditEntry, type ChainBreak } from '../domain/audit-chain.js';
import { AppError } from '../domain/errors.js';
import { authorize, scopeOf } from '../domain/roles.js';
import type { AuditFilter, Store } from '../store/store.js';
import { audit, type ActionContext, type Actor } from './context.js';

export async function listAudit(ctx: ActionContext, actor: Actor, filter: Omit<AuditFilter, 'agencyIds'> & { agencyId?: string }): Promise<AuditEntry[]> {
  const scope = scopeOf(actor.principal, 'audit.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden', 'Missing permission audit.read.', { permission: 'audit.read' });
  let agencyIds = scope === 'all' ? undefined : scope;
  if (filter.agencyId) agencyIds = agencyIds === undefined || agencyIds.includes(filter.agencyId) ? [filter.agencyId] : [];
  const { agencyId: _a, ...rest } = filter;
  return ctx.store.audit.list({ ...rest, agencyIds });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  firstBreak: ChainBreak | null;
}

/** Walks the whole chain in pages, oldest first; stops at the first break. */
export async function verifyAuditChain(store: Store, pageSize = 1000): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  const head = await store.audit.head();
  let after = 0;
  for (;;) {
    const page = await store.audit.scan(after, pageSize);
    if (page.length === 0) break;
    for (const { entry, beforeJson, afterJson } of page) {
      if (!verifier.push(entry, beforeJson, afterJson)) break;
    }
    if (verifier.broken) break;
    after = page.at(-1)!.entry.seq;
  }
  const firstBreak = verifier.finish(head);
  return { ok: firstBreak === null, checked: verifier.checked, head, firstBreak };
}

/** Verification on request of an auditor; the run and its result are themselves audited. */
export async function verifyAudit(ctx: ActionContext, actor: Actor): Promise<VerifyResult> {
  authorize(actor.principal, 'audit.verify');
  const result = await verifyAuditChain(ctx.store);
  await ctx.store.transaction((tx) =>
    audit(tx, ctx, actor, { action: 'audit.verify', after: { ok: result.ok, checked: result.checked, firstBreak: result.firstBreak } }),
  );
  return result;
}
