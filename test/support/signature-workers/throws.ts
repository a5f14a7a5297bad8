// A signature worker whose code throws on its first batch (an uncaught error ends the thread).
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => {
  throw new Error('boom');
});
