import { useState } from 'react';
import { useApi, useSignedIn } from '../../app/session';
import type { AuditEntry, Page as ApiPage } from '../../app/wire';
import { LoadState, Page } from '../../components/Page';
import { PagerControls } from '../../components/Pager';
import { usePager } from '../../components/pager';
import { formatTime } from '../../components/format';
import { useDebounced } from '../../components/use-debounced';
import { useLoad } from '../../components/use-async';
import { AuditFilters } from './AuditFilters';
import { NO_AUDIT_FILTER, auditQuery, type AuditFilter } from './audit-query';
import { VerifyPanel } from './VerifyPanel';
import { useAgencies } from './use-agencies';
import { Table } from '../../components/Table';

const PAGE_SIZE = 50;

function Change({ entry }: { entry: AuditEntry }) {
  if (entry.before == null && entry.after == null) return null;
  return (
    <details>
      <summary>Change</summary>
      <pre className="json">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
    </details>
  );
}

function AuditTable({ filter, onActor, agencies }: { filter: AuditFilter; onActor(id: string): void; agencies: ReturnType<typeof useAgencies> }) {
  const api = useApi();
  const query = auditQuery(filter);
  const pager = usePager<number>(JSON.stringify(query));
  const full = { ...query, before: pager.cursor, limit: PAGE_SIZE };
  const entries = useLoad(() => api.get<ApiPage<AuditEntry, number>>('/api/v1/audit', full), JSON.stringify(full));
  return (
    <>
      <LoadState loading={entries.loading && !entries.data} error={entries.error} what="the audit log" />
      <Table caption="Audit entries, newest first" dense>
        <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Target</th><th scope="col">Agency</th><th scope="col">Details</th></tr></thead>
        <tbody>
          {(entries.data?.items ?? []).map((e) => (
            <tr key={e.id}>
              <td>{e.seq}</td>
              <td className="nowrap">{formatTime(e.at)}</td>
              <td><span className="code">{e.action}</span></td>
              <td>{e.actorId ? (
                <button type="button" className="link-button" onClick={() => onActor(e.actorId!)} aria-label={`Show only entries by ${e.actorLabel ?? e.actorId}`}>
                  {e.actorLabel ?? e.actorId}
                </button>
              ) : (e.actorLabel ?? 'System')}</td>
              <td>{e.targetType ? <>{e.targetType}<br /><span className="id">{e.targetId}</span></> : '—'}</td>
              <td>{e.agencyId ? agencies.label(e.agencyId) : '—'}</td>
              <td><Change entry={e} /></td>
            </tr>
          ))}
        </tbody>
      </Table>
      {entries.data && entries.data.items.length === 0 ? <p className="muted">No entries match these filters.</p> : null}
      <PagerControls pager={pager} next={entries.data?.next} label="Audit log" />
    </>
  );
}

/** The audit log (§7.0) for auditors, and the chain check for those who may verify it. */
export function AuditPage() {
  const me = useSignedIn();
  const agencies = useAgencies();
  const [filter, setFilter] = useState<AuditFilter>(NO_AUDIT_FILTER);
  const settled = useDebounced(filter);
  return (
    <Page title="Audit log">
      {me.can('audit.verify') ? <VerifyPanel /> : null}
      {me.can('audit.read') ? (
        <>
          <AuditFilters value={filter} onChange={setFilter} agencies={agencies} />
          <AuditTable filter={settled} agencies={agencies} onActor={(actorId) => setFilter((f) => ({ ...f, actorId }))} />
        </>
      ) : <p className="muted">Your roles allow verifying the chain, not reading entries; the auditor role reads them.</p>}
    </Page>
  );
}
