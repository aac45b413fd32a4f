import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import scan from './scan.js';

async function runScan(args: string[], stdinText: string): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => { out += c.toString(); });
  stderr.on('data', (c: Buffer) => { err += c.toString(); });
  stdin.end(stdinText);
  const code = await scan(args, { stdin, stdout, stderr });
  return { code, out, err };
}

const lines = (s: string): Record<string, unknown>[] => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parley scan', () => {
  test('one JSON line per input, with action and every finding', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'lunch at noon?' }),
      JSON.stringify({ id: 'b', text: 'SSN 123-45-6780, mail me at jo@example.com' }),
    ].join('\n');
    const { code, out } = await runScan([], input);
    assert.equal(code, 0);
    const [a, b] = lines(out);
    assert.deepEqual(a, { id: 'a', action: 'allow', findings: [] });
    assert.equal(b?.action, 'block');
    const findings = b?.findings as { rule: string; section: string; category: string; type: string; start: number; end: number }[];
    assert.deepEqual(findings.map((f) => f.type).sort(), ['EMAIL_ADDRESS', 'US_SSN']);
    const email = findings.find((f) => f.type === 'EMAIL_ADDRESS');
    assert.deepEqual({ ...email, score: undefined }, { rule: 'pii-contact-details', section: '4.3', category: 'pii', type: 'EMAIL_ADDRESS',
      start: 28, end: 42, score: undefined });
  });

  test('findings whose rule lets the message through are still listed', async () => {
    const { out } = await runScan([], JSON.stringify({ id: 'n', text: 'Thanks, Maria Lopez!' }));
    const [row] = lines(out);
    assert.equal(row?.action, 'allow');
    assert.deepEqual((row?.findings as { type: string; rule: string }[]).map((f) => [f.type, f.rule]), [['PERSON', 'pii-person-names']]);
  });

  test('a bad line yields an error line and the run goes on', async () => {
    const { code, out } = await runScan([], '{"id":"x","text":"ok"}\nnot json\n{"id":"y"}\n{"id":"z","text":"fine"}\n');
    assert.equal(code, 1);
    const rows = lines(out);
    assert.equal(rows.length, 4);
    assert.equal(rows[1]?.line, 2);
    assert.match(String(rows[1]?.error), /invalid JSON/);
    assert.deepEqual(rows[2], { line: 3, error: '"text" must be a string' });
    assert.equal(rows[3]?.id, 'z');
  });

  test('--policy selects a pack; a broken pack is a clear error with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-scan-'));
    const good = join(dir, 'p.json');
    writeFileSync(good, JSON.stringify({ id: 'p', version: '1.0.0', title: 'T', banner: 'B', rules: [
      { id: 'kw', sections: ['5.4'], category: 'custom', message: 'm', severity: 'low', action: 'warn',
        detectors: [{ id: 'keywords', params: { words: ['pineapple'] } }] }] }));
    const ok = await runScan(['--policy', good], JSON.stringify({ id: 1, text: 'P1neapple pizza' }));
    assert.deepEqual(lines(ok.out)[0]?.action, 'warn');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: p\nversion: "1.0.0"\ntitle: T\nbanner: B\nrules:\n  - id: r\n    action: nope\n');
    const res = await runScan(['--policy', bad], '');
    assert.equal(res.code, 2);
    assert.match(res.err, /rules\[0\]\.action: must be one of allow, warn, block, redact, flag/);
  });

  test('reads a file argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-scan-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'f', text: 'card 4111 1111 1111 1111' }) + '\n');
    const { code, out } = await runScan([file], '');
    assert.equal(code, 0);
    assert.equal(lines(out)[0]?.action, 'block');
  });

  test('runs as a process through the parley command', () => {
    const main = fileURLToPath(new URL('../bin.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'scan'], {
      input: JSON.stringify({ id: 'p', text: 'I will kill you' }) + '\n', encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const [row] = lines(r.stdout);
    assert.equal(row?.action, 'block');
    assert.equal((row?.findings as { category: string }[])[0]?.category, 'threat');
  });
});
