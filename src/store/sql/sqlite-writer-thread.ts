/**
 * The writer thread's side (sqlite-writer.ts): its own connection to the
 * database file, and a group commit of the writes it is sent. One reply per
 * transaction, posted after the commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessageEvent } from '../../domain/messaging.js';
import { applyWrite, toWireError, type Write } from '../writes.js';
import { commitTogether } from '../write-batcher.js';
import { createSqlStore } from './sql-store.js';
import { openSqlite } from './sqlite.js';
import { decodeWrite, type WireResult, type WireWrite } from './sqlite-writer.js';

const MAX_BATCH = 256;
const port = parentPort!;
const opened = openSqlite((workerData as { file: string }).file);
const store = createSqlStore(opened.db, opened.dialect);
port.postMessage('ready');

const queue: { id: number; write: Write }[] = [];
let draining = false;
let closing = false;

async function drain(): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    const settled = await commitTogether(store, batch.map(({ write }) => (tx) => applyWrite(tx, write)));
    const results = batch.map(({ id, write }, i): WireResult => {
      const s = settled[i]!;
      if (!s.ok) return [id, null, toWireError(s.error)];
      if (write.kind === 'append') return [id, (s.value as MessageEvent).seq];
      return [id, write.kind === 'read' ? (s.value as number) : null];
    });
    port.postMessage(results);
  }
  draining = false;
  if (closing) await shutDown();
}

async function shutDown(): Promise<void> {
  await store.close();
  // Ends this thread only.
  process.exit(0);
}

port.on('message', (msg: WireWrite[] | { close: true }) => {
  if (!Array.isArray(msg)) {
    closing = true;
    if (!draining) void shutDown();
    return;
  }
  for (const t of msg) queue.push({ id: t[0], write: decodeWrite(t) });
  if (!draining) {
    draining = true;
    // Wait for the rest of this turn: writes posted while a commit ran arrive together and share the next one.
    setImmediate(() => void drain());
  }
});
