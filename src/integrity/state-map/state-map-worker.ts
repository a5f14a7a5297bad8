// The state map's own thread (state-map-thread.ts): it keeps the map and hashes it, in
// the order the main thread sent the changes, and answers each change set with the root
// the map then has. The main thread sends names and record texts; hashing them into keys
// and values is part of the work taken off it. Messages: state-map-messages.ts. The
// answer is posted on `port` first and counted in progress[ANSWERED] after, so an owner
// woken by the count finds it there (it reads the port without its event loop).
import { parentPort, workerData } from 'node:worker_threads';
import { installNodeSha256 } from '../sha256-node';
import { sha256Utf8 } from '../sha256';
import { StateMap } from './state-map';
import { ANSWERED, HASHED, type StateMapAnswer, type StateMapRequest, type StateMapWorkerData } from './state-map-messages';

installNodeSha256();
const { port, progress } = workerData as StateMapWorkerData;
let map = new StateMap();
/** Keys by name, so an entity changed again costs one SHA-256 call less (bounded: past it, it starts again). */
const keys = new Map<string, Uint8Array>();
const REMEMBERED_KEYS = 65_536;

function keyOf(name: string): Uint8Array {
  let key = keys.get(name);
  if (key === undefined) {
    if (keys.size >= REMEMBERED_KEYS) keys.clear();
    key = sha256Utf8(name);
    keys.set(name, key);
  }
  return key;
}

parentPort!.on('message', (m: StateMapRequest) => {
  if ('reset' in m) {
    map = new StateMap();
    return;
  }
  for (let i = 0; i < m.names.length; i++) {
    map.set(keyOf(m.names[i]!), sha256Utf8(m.texts[i]!));
    // Progress the main thread can see while a large change set (a start's) is hashed.
    if ((i & 1023) === 1023) Atomics.add(progress, HASHED, 1024);
  }
  const answer: StateMapAnswer = { size: m.size, root: map.rootHash() };
  port.postMessage(answer);
  Atomics.add(progress, ANSWERED, 1);
  Atomics.notify(progress, ANSWERED);
});
