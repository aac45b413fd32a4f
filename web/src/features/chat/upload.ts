/**
 * File uploads with progress. fetch() cannot report upload progress, so this
 * uses XMLHttpRequest: the raw file goes to POST /api/v1/attachments with its
 * Content-Length (the server refuses an over-limit file before reading it)
 * and the session's CSRF token.
 */
import type { AttachmentRef } from '../../../../src/domain/messaging.js';

export interface UploadHandlers {
  onProgress(loaded: number, total: number): void;
}

export interface UploadTask {
  promise: Promise<AttachmentRef>;
  abort(): void;
}

export class UploadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

export type Uploader = (file: File, csrfToken: string | null, handlers: UploadHandlers) => UploadTask;

/** The error an answer carries (docs/errors.md), or a generic one with the status. */
function errorOf(xhr: XMLHttpRequest): UploadError {
  try {
    const e = (JSON.parse(xhr.responseText) as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') return new UploadError(e.code, e.message);
  } catch {
    // not JSON (a proxy's page): fall through
  }
  return new UploadError('http_error', `The server answered ${xhr.status}.`);
}

export const xhrUploader: Uploader = (file, csrfToken, handlers) => {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<AttachmentRef>((resolve, reject) => {
    xhr.open('POST', `/api/v1/attachments?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => handlers.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status !== 201) return reject(errorOf(xhr));
      let a: AttachmentRef;
      try {
        a = JSON.parse(xhr.responseText) as AttachmentRef;
      } catch {
        // A 201 that is not JSON (a proxy in the way): the upload must still end, as a failure.
        return reject(new UploadError('http_error', 'The server accepted the upload but its answer could not be read.'));
      }
      resolve({ id: a.id, sha256: a.sha256, name: a.name, size: a.size, contentType: a.contentType });
    };
    // A refused upload closes the connection before the body is read: the browser may report only an error.
    xhr.onerror = () => reject(new UploadError('network', 'The upload failed: the server closed the connection or could not be reached.'));
    xhr.onabort = () => reject(new UploadError('aborted', 'The upload was cancelled.'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
};

/** A byte count as people read it (1 KB = 1024 bytes, as the limit is configured). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
