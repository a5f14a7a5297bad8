// A signature worker that takes batches and never answers, as a thread stuck in native code would.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => undefined);
