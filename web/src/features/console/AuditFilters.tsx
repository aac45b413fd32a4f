import { SelectField, TextField } from '../../components/Field';
import { NO_AUDIT_FILTER, type AuditFilter } from './audit-query';
import type { Agencies } from './use-agencies';

export function AuditFilters({ value, onChange, agencies }: { value: AuditFilter; onChange(next: AuditFilter): void; agencies: Agencies }) {
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <div className="filters" role="search" aria-label="Filter the audit log">
      <TextField label="Action" name="action" value={value.action} onChange={set('action')} autoComplete="off" hint="For example user.create" />
      <TextField label="Actor ID" name="actorId" value={value.actorId} onChange={set('actorId')} autoComplete="off" hint="Or pick an actor in the list" />
      <SelectField label="Agency" name="agencyId" value={value.agencyId} onChange={set('agencyId')}>
        <option value="">All agencies</option>
        {agencies.list.map((a) => <option key={a.id} value={a.id}>{agencies.label(a.id)}</option>)}
      </SelectField>
      <TextField label="From" name="fromDate" type="date" value={value.fromDate} onChange={set('fromDate')} />
      <TextField label="To (inclusive)" name="toDate" type="date" value={value.toDate} onChange={set('toDate')} />
      <div className="filters__reset">
        <button type="button" onClick={() => onChange(NO_AUDIT_FILTER)}>Clear filters</button>
      </div>
    </div>
  );
}
