/**
 * The audit log's hash chain (WVOT-PO1010 §7.0 audits). Each entry's hash
 * covers its own fields and its predecessor's hash, so editing, deleting or
 * reordering any entry breaks every link after it. Pure: no I/O.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  id: string;
  at: number;
  /** Who acted; null for the system itself. */
  actorId: string | null;
  /** A human label kept with the entry, e.g. the username at the time. */
  actorLabel: string | null;
  /** Stable dotted code, e.g. "user.create", "auth.sign_in.failure". */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The agency the target belongs to, for agency-scoped auditors. */
  agencyId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry extends AuditEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so a hash never depends on key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The hash of an entry: SHA-256 over the predecessor's hash and the canonical
 * form of every stored field. `before`/`after` are hashed as their stored JSON
 * text so that verification needs no re-serialisation that could drift.
 */
export function entryHash(prevHash: string, seq: number, e: AuditEntryInput, beforeJson: string | null, afterJson: string | null): string {
  const body = canonicalJson({
    seq,
    id: e.id,
    at: e.at,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    agencyId: e.agencyId,
    before: beforeJson,
    after: afterJson,
    requestId: e.requestId,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** How a stored value is written to its JSON column; null stays SQL NULL. */
export const toStoredJson = (v: unknown): string | null => (v === undefined || v === null ? null : canonicalJson(v));

export type ChainProblem = 'altered' | 'deleted' | 'reordered' | 'truncated';

export interface ChainBreak {
  seq: number;
  problem: ChainProblem;
  detail: string;
}

/**
 * Walks the chain incrementally. Feed entries oldest first with their stored
 * JSON text; `finish` compares the end with the recorded head.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;
  #checked = 0;
  #break: ChainBreak | null = null;

  get checked(): number {
    return this.#checked;
  }
  get broken(): ChainBreak | null {
    return this.#break;
  }

  /** Returns false once a break is found; later entries are not examined. */
  push(e: AuditEntry, beforeJson: string | null, afterJson: string | null): boolean {
    if (this.#break) return false;
    const recomputed = entryHash(e.prevHash, e.seq, e, beforeJson, afterJson);
    if (recomputed !== e.hash) {
      this.#break = { seq: e.seq, problem: 'altered', detail: `entry ${e.seq} does not match its own hash: its content was changed` };
    } else if (e.seq > this.#expectedSeq) {
      this.#break = {
        seq: this.#expectedSeq,
        problem: 'deleted',
        detail: `entries ${this.#expectedSeq}..${e.seq - 1} are missing`,
      };
    } else if (e.seq < this.#expectedSeq || e.prevHash !== this.#prevHash) {
      this.#break = {
        seq: e.seq,
        problem: e.seq === this.#expectedSeq ? 'reordered' : 'altered',
        detail: `entry ${e.seq} does not follow entry ${this.#expectedSeq - 1}: the chain was reordered, replaced or re-linked`,
      };
    }
    if (this.#break) return false;
    this.#prevHash = e.hash;
    this.#expectedSeq = e.seq + 1;
    this.#checked++;
    return true;
  }

  finish(head: { seq: number; hash: string }): ChainBreak | null {
    if (this.#break) return this.#break;
    const lastSeq = this.#expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== this.#prevHash) {
      this.#break = {
        seq: Math.min(head.seq, lastSeq) + 1,
        problem: head.seq > lastSeq ? 'truncated' : 'altered',
        detail: `the recorded head is entry ${head.seq} but the chain ends at entry ${lastSeq}`,
      };
    }
    return this.#break;
  }
}
