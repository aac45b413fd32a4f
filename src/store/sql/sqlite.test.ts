import { storeContract } from '../contract.js';
import { sqliteHarness } from '../../../test/support/harness.js';

storeContract('sqlite', sqliteHarness);
