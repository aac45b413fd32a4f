/** The audit log's filter form, turned into GET /audit's query. Pure, so the date arithmetic is tested. */
import type { Query } from '../../app/api';

export interface AuditFilter {
  action: string;
  actorId: string;
  agencyId: string;
  /** yyyy-mm-dd from <input type="date">, in the browser's time zone; empty for no bound. */
  fromDate: string;
  toDate: string;
}

export const NO_AUDIT_FILTER: AuditFilter = { action: '', actorId: '', agencyId: '', fromDate: '', toDate: '' };

/** Local midnight at the start of a yyyy-mm-dd day, in epoch milliseconds. */
function startOfDay(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/**
 * The range is [from, to): "to" is the day after the chosen last day, so
 * choosing the same day for both shows that whole day.
 */
export function auditQuery(filter: AuditFilter): Query {
  const from = startOfDay(filter.fromDate);
  const lastDay = startOfDay(filter.toDate);
  let to: number | undefined;
  if (lastDay !== undefined) {
    const next = new Date(lastDay);
    next.setDate(next.getDate() + 1); // calendar arithmetic, so a daylight-saving day is still one day
    to = next.getTime();
  }
  return {
    action: filter.action.trim().toLowerCase() || undefined,
    actorId: filter.actorId.trim() || undefined,
    agencyId: filter.agencyId || undefined,
    from,
    to,
  };
}
