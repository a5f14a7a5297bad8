// A state map thread that takes change sets and never answers, as a thread stuck in a
// loop would: the root is awaited until the stall timeout, then the map comes back.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => undefined);
