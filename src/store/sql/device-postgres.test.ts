import { deviceContract } from '../device-contract.js';
import { postgresHarness } from '../../../test/support/harness.js';

deviceContract('postgres', postgresHarness);
