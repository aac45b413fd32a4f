#!/usr/bin/env node
// Runs the whole suite with node's own test runner. Node 20 cannot expand globs
// for --test, so the files are collected here. Arguments narrow the run to files
// whose path contains any of them. PARLEY_TEST_BACKENDS narrows the storage
// backends (for example "sqlite"); by default every suite runs on all of them.
import { readdirSync, statSync } from 'node:fs';
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

let status = 0;
for (const group of groups) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...group.files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', ...group.env } },
  );
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
