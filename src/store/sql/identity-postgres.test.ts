import { identityContract } from '../identity-contract.js';
import { postgresHarness } from '../../../test/support/harness.js';

identityContract('postgres', postgresHarness);
