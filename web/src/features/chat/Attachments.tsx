import { useId, useRef } from 'react';
import type { AttachmentRef } from '../../../../src/domain/messaging.js';
import { formatBytes } from './upload';
import { useChat } from './use-chat';

/** "Attach a file", with the server's size limit said before anything is chosen. */
export function AttachButton({ conversationId }: { conversationId: string }) {
  const [snap, store] = useChat();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const max = snap.settings?.attachmentMaxBytes;
  return (
    <>
      <input ref={input} id={id} type="file" className="sr-only" tabIndex={-1} aria-hidden="true" multiple
        onChange={(e) => {
          for (const f of Array.from(e.target.files ?? [])) store.upload(conversationId, f);
          e.target.value = ''; // the same file may be chosen again
        }} />
      <button type="button" className="composer__attach" onClick={() => input.current?.click()}>
        Attach a file{max !== undefined ? <span className="composer__limit"> (max {formatBytes(max)})</span> : null}
      </button>
    </>
  );
}

/** The files chosen for the next message: progress while uploading, why one was refused, and Remove. */
export function PendingFiles({ conversationId }: { conversationId: string }) {
  const [snap, store] = useChat();
  const files = snap.uploads.filter((u) => u.conversationId === conversationId);
  if (files.length === 0) return null;
  return (
    <ul className="uploads" aria-label="Files for the next message">
      {files.map((u) => (
        <li key={u.key} className={`upload upload--${u.state}`}>
          <span className="upload__name">{u.name}</span> <span className="upload__size">{formatBytes(u.size)}</span>
          {u.state === 'uploading' ? (
            <progress className="upload__bar" max={u.size || 1} value={u.loaded} aria-label={`Uploading ${u.name}`} />
          ) : u.state === 'done' ? <span className="upload__state">Ready to send</span>
            : <span className="form-error" role="alert">{u.state === 'refused' ? 'Not uploaded: ' : 'Upload failed: '}{u.error}</span>}
          <button type="button" className="link-button" onClick={() => store.removeUpload(u.key)} aria-label={`Remove ${u.name}`}>
            {u.state === 'uploading' ? 'Cancel' : 'Remove'}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Files sent with a message, each a download link (members only; the server checks). */
export function MessageFiles({ files }: { files: readonly AttachmentRef[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="msg__files" aria-label="Attachments">
      {files.map((a) => (
        <li key={a.id}>
          <a href={`/api/v1/attachments/${encodeURIComponent(a.id)}`} download={a.name}>{a.name}</a> <span className="muted">({formatBytes(a.size)}, {a.contentType})</span>
        </li>
      ))}
    </ul>
  );
}
