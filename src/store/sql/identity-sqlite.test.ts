import { identityContract } from '../identity-contract.js';
import { sqliteHarness } from '../../../test/support/harness.js';

identityContract('sqlite', sqliteHarness);
