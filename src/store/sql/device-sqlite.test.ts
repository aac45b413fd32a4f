import { deviceContract } from '../device-contract.js';
import { sqliteHarness } from '../../../test/support/harness.js';

deviceContract('sqlite', sqliteHarness);
