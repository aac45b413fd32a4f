/** Runs the operator CLI in process against a TestApp's database. */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/main.js';
import type { TestApp } from './app.js';

export async function runCli(t: TestApp, env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d) => (chunks.out += d));
  stderr.on('data', (d) => (chunks.err += d));
  const code = await run(argv, {
    stdin: new PassThrough(), stdout, stderr,
    env: { PARLEY_DATA_DIR: t.db.dataDir, ...(t.db.databaseUrl ? { DATABASE_URL: t.db.databaseUrl } : {}), ...env },
  });
  // 'data' events arrive asynchronously: wait for the streams to drain before reading what they carried.
  const drained = Promise.all([once(stdout, 'end'), once(stderr, 'end')]);
  stdout.end();
  stderr.end();
  await drained;
  return { code, ...chunks };
}
