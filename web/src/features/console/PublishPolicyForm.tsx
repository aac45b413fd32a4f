import { useState } from 'react';
import { useApi } from '../../app/session';
import type { PolicyVersion } from '../../app/wire';
import { TextAreaField } from '../../components/Field';
import { FormCard } from '../../components/FormCard';
import { useSubmit } from '../../components/use-async';

/**
 * Publishing a new policy pack version. The server validates the pack and
 * names what is wrong; the message is shown under the editor and tied to it.
 * Every user must acknowledge the new version before chatting again.
 */
export function PublishPolicyForm({ initialSource, onPublished }: { initialSource: string; onPublished(v: PolicyVersion): void }) {
  const api = useApi();
  const [source, setSource] = useState(initialSource);
  // Every validation error of a pack concerns the source text, whichever header field the server names.
  const submit = useSubmit(['source'], { validation_failed: 'source', already_exists: 'source' });
  const onSubmit = submit.onSubmit(async () => onPublished(await api.post<PolicyVersion>('/api/v1/policy/versions', { source })));
  return (
    <FormCard title="Publish a new version" layout="stack" onSubmit={onSubmit} error={submit.errors.form}>
      <TextAreaField label="Policy pack (YAML)" name="source" value={source} rows={18} spellCheck={false}
        onChange={(e) => { setSource(e.target.value); submit.clear(); }}
        hint="Change the version and the text, then publish. Everyone must acknowledge the new version before using chat again."
        error={submit.errors.field('source')} />
      <div><button type="submit" className="primary" disabled={submit.pending || !source.trim()}>Publish version</button></div>
    </FormCard>
  );
}
