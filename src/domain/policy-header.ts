/**
 * The header every policy pack carries: what the acknowledgement screen shows
 * and what an acknowledgement records. The rules themselves are the
 * content-policy engine's (src/policy/).
 */
import { parse as parseYaml } from 'yaml';

export interface PolicyHeader {
  id: string;
  version: string;
  title: string;
  banner: string;
}

export class PolicyHeaderError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PolicyHeaderError';
  }
}

/** Reads the header of a YAML or JSON pack (JSON is YAML), naming the first bad field. */
export function readPolicyHeader(source: string): PolicyHeader {
  let doc: unknown;
  try {
    doc = parseYaml(source, { maxAliasCount: 100 });
  } catch (e) {
    throw new PolicyHeaderError('(document)', `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PolicyHeaderError('(document)', 'must be a mapping with id, version, title and banner');
  }
  const d = doc as Record<string, unknown>;
  const text = (field: keyof PolicyHeader, max: number, pattern?: RegExp): string => {
    const v = d[field];
    if (typeof v !== 'string' || v.trim() === '') throw new PolicyHeaderError(field, 'is required and must be a non-empty string');
    if (v.length > max) throw new PolicyHeaderError(field, `must be at most ${max} characters`);
    if (pattern && !pattern.test(v)) throw new PolicyHeaderError(field, `must match ${pattern}`);
    return v.trim();
  };
  return {
    id: text('id', 64, /^[a-z0-9][a-z0-9._-]*$/i),
    version: text('version', 64, /^[A-Za-z0-9][A-Za-z0-9._+-]*$/),
    title: text('title', 200),
    banner: text('banner', 20_000),
  };
}
