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

/** SQLite's own threshold, which the connection goes back to if the worker stops. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker checkpoints once the WAL has grown past this (SQLite's own
 * threshold, 1000 pages of 4 KB). Checkpointing more often would cost the event
 * loop more: the commit after a completed checkpoint starts the WAL over and
 * syncs its new header on the committing thread, once per cycle.
 */
const CHECKPOINT_AT_BYTES = DEFAULT_AUTOCHECKPOINT_PAGES * 4096;

/**
 * The worker's code. It is plain JavaScript evaluated in the thread (no
 * TypeScript loader there), and finds better-sqlite3 by the absolute path
 * resolved here.
 */
function workerSource(driverPath: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(${JSON.stringify(driverPath)});
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let lastError = 0;
const timer = setInterval(() => {
  try {
    let size = 0;
    try {
      size = statSync(workerData.file + '-wal').size;
    } catch {}
    if (size >= workerData.atBytes) db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // Told at most once a minute: a checkpoint that keeps failing is retried every turn, not reported every turn.
    const now = Date.now();
    if (now - lastError >= 60000) parentPort.postMessage({ error: String(e && e.message || e) });
    lastError = now;
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

/**
 * Looks at the WAL of `file` every `intervalMs` on a worker thread and runs a
 * passive checkpoint once it has grown past `atBytes`. `onStopped` is called if
 * the worker ends on its own (the caller then checkpoints as SQLite does).
 */
export function startCheckpointer(
  file: string,
  options: { intervalMs?: number; atBytes?: number; onError?: (message: string) => void; onStopped?: () => void } = {},
): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource(driverPath), {
    eval: true, workerData: { file, intervalMs: options.intervalMs ?? 250, atBytes: options.atBytes ?? CHECKPOINT_AT_BYTES },
  });
  let closing = false;
  // It must not keep the process alive, nor take it down: a checkpoint that fails is retried next time.
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (typeof m?.error === 'string') options.onError?.(m.error);
  });
  worker.on('error', (e) => options.onError?.(e.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => {
    if (!closing) options.onStopped?.();
  });
  return {
    async close() {
      closing = true;
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
