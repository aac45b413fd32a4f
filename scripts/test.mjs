#!/usr/bin/env node
// Runs the whole suite with node's own test runner. Node 20 cannot expand globs
// for --test, so the files are collected here. Arguments narrow the run to files
// whose path contains any of them. PARLEY_TEST_BACKENDS narrows the storage
// backends (for example "sqlite"); by default every suite runs on all of them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const roots = ['src', 'test', 'scripts', 'bench', 'web/src'];
const skip = new Set(['node_modules', 'dist', '.git', 'data']);

function collect(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

const filters = process.argv.slice(2);
let files = roots.flatMap((r) => collect(join(root, r), [])).sort();
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}

// The web client's tests compile with its own tsconfig (JSX for React, DOM
// types), so they run in a second pass with tsx pointed at web/tsconfig.json.
const groups = [
  { files: files.filter((f) => !f.startsWith('web/')), env: {} },
  { files: files.filter((f) => f.startsWith('web/')), env: { TSX_TSCONFIG_PATH: join(root, 'web', 'tsconfig.json') } },
].filter((g) => g.files.length > 0);

// Each pass also writes TAP to a file, so that one closing line can count both passes.
const tapDir = mkdtempSync(join(tmpdir(), 'parley-tap-'));
let status = 0;
let passed = 0;
let failed = 0;
let skipped = 0;
groups.forEach((group, i) => {
  const tap = join(tapDir, `${i}.tap`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`, '--test-concurrency=2', ...group.files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', ...group.env } },
  );
  if (result.status !== 0) status = result.status ?? 1;
  const text = (() => { try { return readFileSync(tap, 'utf8'); } catch { return ''; } })();
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped');
  if (!text) failed++; // a pass that wrote no report did not finish
});
rmSync(tapDir, { recursive: true, force: true });
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status || (failed > 0 ? 1 : 0));
