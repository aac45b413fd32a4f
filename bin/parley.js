#!/usr/bin/env node
// The `parley` command (also `npx parley`). The TypeScript is compiled by `npm ci`
// (the prepare script); this file only starts it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('parley: the CLI is not built yet; run `npm run build` first');
  process.exit(1);
}
await import(entry.href);
