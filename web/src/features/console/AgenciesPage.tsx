import { useState } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { Agency } from '../../app/wire';
import { TextField } from '../../components/Field';
import { FormCard } from '../../components/FormCard';
import { LoadState, Page } from '../../components/Page';
import { formatTime } from '../../components/format';
import { useSubmit } from '../../components/use-async';
import { useAgencies } from './use-agencies';
import { Table } from '../../components/Table';

function CreateAgencyForm({ onCreated }: { onCreated(agency: Agency): void }) {
  const api = useApi();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const submit = useSubmit(['code', 'name'], { already_exists: 'code' });
  const onSubmit = submit.onSubmit(async () => {
    const created = await api.post<Agency>('/api/v1/agencies', { code: code.trim(), name: name.trim() });
    setCode('');
    setName('');
    onCreated(created);
  });
  return (
    <FormCard title="New agency" onSubmit={onSubmit} error={submit.errors.form}>
      <TextField label="Code" name="code" required value={code} onChange={(e) => setCode(e.target.value)}
        hint="2 to 16 letters, digits, - or _; for example WVOT" error={submit.errors.field('code')} />
      <TextField label="Name" name="name" required value={name} onChange={(e) => setName(e.target.value)} error={submit.errors.field('name')} />
      <div className="form-grid__actions"><button type="submit" className="primary" disabled={submit.pending}>Create agency</button></div>
    </FormCard>
  );
}

export function AgenciesPage() {
  const me = useSignedIn();
  const agencies = useAgencies();
  const [created, setCreated] = useState<Agency | null>(null);
  return (
    <Page title="Agencies">
      {me.can('agency.create') ? <CreateAgencyForm onCreated={(a) => { setCreated(a); agencies.reload(); }} /> : null}
      {created ? <p className="notice" role="status">Agency {created.code} was created.</p> : null}
      <LoadState loading={agencies.loading} error={agencies.error} what="agencies" />
      <Table caption="Agencies">
        <thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {agencies.list.map((a) => (
            <tr key={a.id}><td><span className="code">{a.code}</span></td><td>{a.name}</td><td>{formatTime(a.createdAt)}</td></tr>
          ))}
        </tbody>
      </Table>
      {!agencies.loading && agencies.list.length === 0 ? <p className="muted">No agencies yet.</p> : null}
    </Page>
  );
}
