import { runBusContract } from './bus-contract.js';
import { InProcessBus } from './in-process-bus.js';

runBusContract('InProcessBus', (onError) => new InProcessBus({ onError }));
