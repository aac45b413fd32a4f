import { PERSON_TYPES, USER_STATUSES } from '../../../../src/domain/directory';
import { SelectField, TextField } from '../../components/Field';
import { humanize } from '../../components/format';
import type { Agencies } from './use-agencies';

export interface UserFilter {
  q: string;
  agencyId: string;
  status: string;
  personType: string;
}

export const NO_FILTER: UserFilter = { q: '', agencyId: '', status: '', personType: '' };

export function UserFilters({ value, onChange, agencies }: { value: UserFilter; onChange(next: UserFilter): void; agencies: Agencies }) {
  const set = (key: keyof UserFilter) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <div className="filters" role="search" aria-label="Filter users">
      <TextField label="Search" type="search" name="q" value={value.q} onChange={set('q')} hint="Username or name" autoComplete="off" />
      <SelectField label="Agency" name="agencyId" value={value.agencyId} onChange={set('agencyId')}>
        <option value="">All agencies</option>
        {agencies.list.map((a) => <option key={a.id} value={a.id}>{agencies.label(a.id)}</option>)}
      </SelectField>
      <SelectField label="Status" name="status" value={value.status} onChange={set('status')}>
        <option value="">Any status</option>
        {USER_STATUSES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
      </SelectField>
      <SelectField label="Person type" name="personType" value={value.personType} onChange={set('personType')}>
        <option value="">Any type</option>
        {PERSON_TYPES.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
      </SelectField>
    </div>
  );
}
