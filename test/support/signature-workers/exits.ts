// A signature worker that exits (code 3) on its first batch, as a thread that crashed
// would: the pool must check that batch on the main thread and replace the worker.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => process.exit(3));
