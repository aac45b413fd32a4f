import { storeContract } from '../contract.js';
import { postgresHarness } from '../../../test/support/harness.js';

storeContract('postgres', postgresHarness);
