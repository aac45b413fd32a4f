/**
 * The writer thread's side (sqlite-writer.ts): its own connection to the
 * database file, and a group commit of the writes it is sent. One reply per
 * transaction, posted after the commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { applyWrite, toWireError, type Write } from '../writes.js';
import { commitTogether } from '../write-batcher.js';
import { createSqlStore } from './sql-store.js';
import { openSqlite } from './sqlite.js';
import type { WriterResult } from './sqlite-writer.js';

const MAX_BATCH = 256;
const port = parentPort!;
const opened = openSqlite((workerData as { file: string }).file);
const store = createSqlStore(opened.db, opened.dialect);

const queue: { id: number; write: Write }[] = [];
let draining = false;
let closing = false;

async function drain(): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    const settled = await commitTogether(store, batch.map(({ write }) => (tx) => applyWrite(tx, write)));
    const results = batch.map(({ id }, i): WriterResult => {
      const s = settled[i]!;
      return s.ok ? { id, ok: true, value: s.value } : { id, ok: false, error: toWireError(s.error) };
    });
    port.postMessage({ results });
  }
  draining = false;
  if (closing) await shutDown();
}

async function shutDown(): Promise<void> {
  await store.close();
  // Ends this thread only.
  process.exit(0);
}

port.on('message', (msg: { writes: { id: number; write: Write }[] } | { close: true }) => {
  if ('close' in msg) {
    closing = true;
    if (!draining) void shutDown();
    return;
  }
  queue.push(...msg.writes);
  if (!draining) {
    draining = true;
    // Wait for the rest of this turn: writes posted while a commit ran arrive together and share the next one.
    setImmediate(() => void drain());
  }
});
