// Attachment checks (§5.3.7): size, types that are executable or otherwise
// not allowed, and text that could not be checked. They look at metadata only;
// the attachment's extracted text is scanned by the text detectors like the
// message itself.
import { DetectorParamError } from './detector.js';
import type { Attachment } from '../types.js';

export interface FileFinding { type: string; score: number; explanation: string }
export type FileCheck = (att: Attachment) => FileFinding | null;

export interface FileCheckFactory {
  id: string;
  types: readonly string[];
  create(params: Readonly<Record<string, unknown>> | undefined): FileCheck;
}

function lowerList(params: Readonly<Record<string, unknown>> | undefined, key: string): string[] | undefined {
  const v = params?.[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
    throw new DetectorParamError(key, 'must be a list of non-empty strings');
  }
  return (v as string[]).map((x) => x.toLowerCase());
}

const fileSize: FileCheckFactory = {
  id: 'file_size', types: ['FILE_TOO_LARGE'],
  create(params) {
    const max = params?.maxBytes;
    if (typeof max !== 'number' || !Number.isInteger(max) || max <= 0) {
      throw new DetectorParamError('maxBytes', 'must be a positive integer');
    }
    return (att) => (att.size > max
      ? { type: 'FILE_TOO_LARGE', score: 1, explanation: `attachment "${att.name}" is ${att.size} bytes; the limit is ${max}` }
      : null);
  },
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

const fileType: FileCheckFactory = {
  id: 'file_type', types: ['FILE_TYPE'],
  create(params) {
    const blockedExt = lowerList(params, 'blockedExtensions')?.map((e) => e.replace(/^\./, ''));
    const blockedTypes = lowerList(params, 'blockedContentTypes');
    const allowedTypes = lowerList(params, 'allowedContentTypes');
    if (blockedExt === undefined && blockedTypes === undefined && allowedTypes === undefined) {
      throw new DetectorParamError('blockedExtensions', 'give blockedExtensions, blockedContentTypes or allowedContentTypes');
    }
    return (att) => {
      const ext = extensionOf(att.name);
      const ct = att.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
      if (blockedExt?.includes(ext)) return { type: 'FILE_TYPE', score: 1, explanation: `extension .${ext} is not allowed` };
      if (blockedTypes?.includes(ct)) return { type: 'FILE_TYPE', score: 1, explanation: `content type ${ct} is not allowed` };
      if (allowedTypes !== undefined && !allowedTypes.some((a) => a === ct || (a.endsWith('/*') && ct.startsWith(a.slice(0, -1))))) {
        return { type: 'FILE_TYPE', score: 1, explanation: `content type ${ct || '(none)'} is not on the allowed list` };
      }
      return null;
    };
  },
};

/**
 * An attachment of a text format whose text the server could not read in full
 * (damaged, encrypted, or past an extraction limit): the detectors did not see
 * all of it, so it must not pass as clean. compile.ts runs this check for
 * every pack; a rule naming it decides the action.
 */
export const fileUnreadable: FileCheckFactory = {
  id: 'file_unreadable', types: ['FILE_UNREADABLE'],
  create(params) {
    if (params !== undefined && Object.keys(params).length > 0) {
      throw new DetectorParamError(Object.keys(params)[0] as string, 'this detector takes no parameters');
    }
    return (att) => (att.unreadable === undefined ? null
      : { type: 'FILE_UNREADABLE', score: 1, explanation: `the text of attachment "${att.name}" could not be fully checked: ${att.unreadable}` });
  },
};

export const FILE_CHECKS: readonly FileCheckFactory[] = [fileSize, fileType, fileUnreadable];
