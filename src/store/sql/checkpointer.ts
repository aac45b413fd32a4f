/**
 * WAL checkpoints off the event loop (ADR 008). SQLite checkpoints inside the
 * commit that takes the WAL past `wal_autocheckpoint` pages: it copies them into
 * the database file and syncs both, for milliseconds on a busy disk, on the
 * thread that committed. A worker thread with its own connection runs passive
 * checkpoints instead (they never block writers), so the server's connection
 * keeps the automatic checkpoint only as a fallback far above what the worker
 * lets the WAL reach.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages of WAL after which the server's own connection checkpoints, should the worker fall behind or stop. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The worker's code. It is plain JavaScript evaluated in the thread (no
 * TypeScript loader there), and finds better-sqlite3 by the absolute path
 * resolved here.
 */
function workerSource(driverPath: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(${JSON.stringify(driverPath)});
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
}

export interface Checkpointer {
  close(): Promise<void>;
}

/** Starts passive checkpoints of `file` every `intervalMs` on a worker thread. */
export function startCheckpointer(file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource(driverPath), { eval: true, workerData: { file, intervalMs: options.intervalMs ?? 250 } });
  // It must not keep the process alive, nor take it down: a checkpoint that fails is retried next time.
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (typeof m?.error === 'string') options.onError?.(m.error);
  });
  worker.on('error', (e) => options.onError?.(e.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async close() {
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
