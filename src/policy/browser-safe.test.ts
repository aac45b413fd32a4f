import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// [POL-1] The core must run in a browser for advisory coaching: nothing reachable
// from index.ts may import a native module, Node built-ins or the extractors.
test('[POL-1] index.ts reaches no native, Node-only or server-only module', () => {
  const root = dirname(fileURLToPath(import.meta.url));
  const seen = new Set<string>();
  const banned: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    // Node's globals are not imported, so they are looked for by name (outside comments).
    const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const name of ['Buffer', 'process', 'require', '__dirname', 'setImmediate']) {
      if (new RegExp(`\\b${name}\\b`).test(code)) banned.push(`${file.slice(root.length + 1)} uses the Node global ${name}`);
    }
    for (const m of src.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'|import\('([^']+)'\)/gm)) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (spec !== 'yaml') banned.push(`${file.slice(root.length + 1)} -> ${spec}`);
    }
  };
  visit(join(root, 'index.ts'));
  assert.deepEqual(banned, []);
  assert.ok(![...seen].some((f) => f.includes('regex-re2') || f.includes('/extract/')));
  assert.ok(seen.size > 10);
});
