/** Store harnesses for the contract suite: a fresh database per suite. */
import type { StoreHarness } from '../../src/store/contract.js';
import { openStore } from '../../src/store/open-store.js';
import type { Dialect } from '../../src/store/store.js';
import { createTestDatabase } from './backends.js';

async function harness(backend: Dialect): Promise<StoreHarness> {
  const db = await createTestDatabase(backend);
  return {
    open: () => openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl }),
    drop: () => db.drop(),
  };
}

export const sqliteHarness = () => harness('sqlite');
export const postgresHarness = () => harness('postgres');
