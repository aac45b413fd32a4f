import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainVerifier, GENESIS_HASH, canonicalJson, entryHash, toStoredJson, type AuditEntry, type AuditEntryInput } from './audit-chain.js';

function chain(n: number): { entry: AuditEntry; beforeJson: string | null; afterJson: string | null }[] {
  const out = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const input: AuditEntryInput = {
      id: `e${seq}`, at: 1000 + seq, actorId: 'u1', actorLabel: 'alice', action: 'test.event', targetType: 'user',
      targetId: 'u2', agencyId: null, before: null, after: { seq }, requestId: 'r', ip: '127.0.0.1',
    };
    const afterJson = toStoredJson(input.after);
    const hash = entryHash(prev, seq, input, null, afterJson);
    out.push({ entry: { ...input, seq, prevHash: prev, hash }, beforeJson: null, afterJson });
    prev = hash;
  }
  return out;
}

function verify(rows: ReturnType<typeof chain>, head: { seq: number; hash: string }) {
  const v = new ChainVerifier();
  for (const r of rows) if (!v.push(r.entry, r.beforeJson, r.afterJson)) break;
  return v.finish(head);
}

const headOf = (rows: ReturnType<typeof chain>) => ({ seq: rows.at(-1)!.entry.seq, hash: rows.at(-1)!.entry.hash });

test('canonical JSON sorts keys at every level and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
});

test('an intact chain verifies', () => {
  const rows = chain(5);
  assert.equal(verify(rows, headOf(rows)), null);
});

test('an edited field is reported at that entry as altered', () => {
  const rows = chain(5);
  const head = headOf(rows);
  rows[2]!.entry.actorLabel = 'mallory';
  assert.deepEqual(verify(rows, head)?.seq, 3);
  assert.equal(verify(rows, head)?.problem, 'altered');
});

test('edited JSON text is detected even when it parses the same', () => {
  const rows = chain(3);
  const head = headOf(rows);
  rows[1]!.afterJson = '{ "seq": 2 }';
  assert.equal(verify(rows, head)?.seq, 2);
});

test('a deleted entry in the middle is reported as deleted', () => {
  const rows = chain(5);
  const head = headOf(rows);
  rows.splice(1, 1);
  assert.deepEqual(verify(rows, head), { seq: 2, problem: 'deleted', detail: 'entries 2..2 are missing' });
});

test('a deleted tail is caught by the head', () => {
  const rows = chain(5);
  const head = headOf(rows);
  assert.equal(verify(rows.slice(0, 4), head)?.problem, 'truncated');
});

test('two entries whose sequence numbers were swapped break at the first of them', () => {
  const rows = chain(4);
  const head = headOf(rows);
  // What an UPDATE of the seq column does: entry 3's content now sits at seq 2.
  const a = rows[1]!;
  const b = rows[2]!;
  rows[1] = { ...b, entry: { ...b.entry, seq: 2 } };
  rows[2] = { ...a, entry: { ...a.entry, seq: 3 } };
  assert.equal(verify(rows, head)?.seq, 2);
});

test('entries re-linked in a new order with valid own hashes are reported as reordered', () => {
  const rows = chain(4);
  const head = headOf(rows);
  // An attacker who recomputes each moved entry's own hash but cannot fix the links.
  const moved = { ...rows[2]!.entry, seq: 2 };
  moved.hash = entryHash(moved.prevHash, 2, moved, null, rows[2]!.afterJson);
  rows[1] = { ...rows[2]!, entry: moved };
  assert.equal(verify(rows, head)?.problem, 'reordered');
});

test('a rehashed forgery without the predecessor link breaks at the forged entry', () => {
  const rows = chain(4);
  const head = headOf(rows);
  const forged = { ...rows[1]!.entry, actorLabel: 'mallory' };
  forged.hash = entryHash(forged.prevHash, forged.seq, forged, null, rows[1]!.afterJson);
  rows[1] = { ...rows[1]!, entry: forged };
  const r = verify(rows, head);
  assert.equal(r?.seq, 3);
});
