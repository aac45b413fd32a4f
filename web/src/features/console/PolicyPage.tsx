import { useState } from 'react';
import { useApi, useSession, useSignedIn } from '../../app/session';
import type { PolicyVersion, PolicyVersionWithSource } from '../../app/wire';
import { LoadState, Page } from '../../components/Page';
import { formatTime } from '../../components/format';
import { useLoad } from '../../components/use-async';
import { PolicyEditor } from './PolicyEditor';
import { PolicyTestBox } from './PolicyTestBox';
import { Table } from '../../components/Table';

function SourceView({ id }: { id: string }) {
  const api = useApi();
  const version = useLoad(() => api.get<PolicyVersionWithSource>(`/api/v1/policy/versions/${id}`), id);
  return (
    <section className="card" aria-labelledby="source-title">
      <h2 id="source-title">Source of version {version.data?.version ?? '…'}</h2>
      <LoadState loading={version.loading} error={version.error} what="the policy source" />
      {version.data ? <pre className="source" tabIndex={0}>{version.data.source}</pre> : null}
    </section>
  );
}

/**
 * The editor (for those who may publish) and the test box, side by side in
 * purpose: a draft is edited, checked, tried on sample messages, then published.
 * Editing starts from the current version's source, the usual way to make the next one.
 */
function Workbench({ current, canPublish, onPublished }: { current: string; canPublish: boolean; onPublished(v: PolicyVersion): void }) {
  const api = useApi();
  const loaded = useLoad(() => (canPublish ? api.get<PolicyVersionWithSource>(`/api/v1/policy/versions/${current}`) : Promise.resolve(null)), `${current}:${canPublish}`);
  const [draft, setDraft] = useState<{ from: string; source: string } | null>(null);
  const source = draft?.from === current ? draft.source : loaded.data?.source ?? null;
  return (
    <>
      <PolicyTestBox draft={canPublish ? source : null} />
      {canPublish ? (source === null ? <LoadState loading={loaded.loading} error={loaded.error} what="the current policy source" />
        : <PolicyEditor source={source} onChange={(s) => setDraft({ from: current, source: s })} onPublished={onPublished} />) : null}
    </>
  );
}

export function PolicyPage() {
  const api = useApi();
  const me = useSignedIn();
  const { refresh } = useSession();
  const versions = useLoad(() => api.get<{ items: PolicyVersion[] }>('/api/v1/policy/versions'), 'versions');
  const [viewing, setViewing] = useState<string | null>(null);
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.number - a.number);
  const current = items[0];

  const published = () => {
    versions.reload();
    // The publisher must acknowledge the new version too: re-reading the session brings up the gate.
    void refresh();
  };

  return (
    <Page title="Policy">
      <LoadState loading={versions.loading && !versions.data} error={versions.error} what="policy versions" />
      <Table caption="Published policy versions, newest first">
        <thead><tr><th scope="col">#</th><th scope="col">Version</th><th scope="col">Title</th><th scope="col">Published</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.id}>
              <td>{v.number}</td>
              <td>{v.version} {v === current ? <span className="tag">Current</span> : null}</td>
              <td>{v.title}</td>
              <td>{formatTime(v.publishedAt)}</td>
              <td><button type="button" onClick={() => setViewing(viewing === v.id ? null : v.id)} aria-expanded={viewing === v.id}
                aria-label={`${viewing === v.id ? 'Hide' : 'View'} source of version ${v.version}`}>{viewing === v.id ? 'Hide source' : 'View source'}</button></td>
            </tr>
          ))}
        </tbody>
      </Table>
      {viewing ? <SourceView id={viewing} /> : null}
      {current ? <Workbench current={current.id} canPublish={me.can('policy.publish')} onPublished={published} /> : null}
    </Page>
  );
}
