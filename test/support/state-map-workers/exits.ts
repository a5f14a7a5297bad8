// A state map thread that exits on its first change set, as a thread that crashed would:
// the ledger must build the map itself and sign the same roots.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => process.exit(3));
