// What the state map's thread (state-map-worker.ts) and its owner (state-map-thread.ts)
// say to each other. A module of its own: importing the worker's module would run the
// worker's program on the importing thread.
import type { MessagePort } from 'node:worker_threads';

/** What the thread is started with. */
export interface StateMapWorkerData {
  /** Where answers go: the owner reads the other end synchronously. */
  readonly port: MessagePort;
  /** [ANSWERED, HASHED]: change sets answered, records hashed; the owner waits on them. */
  readonly progress: Int32Array;
}

export const ANSWERED = 0;
export const HASHED = 1;

/**
 * `{ size, names, texts }`: set SHA-256(name) to SHA-256(text) for each pair, then
 * answer `{ size, root }`; `{ reset: true }`: forget everything.
 */
export type StateMapRequest = { readonly size: number; readonly names: readonly string[]; readonly texts: readonly string[] } | { readonly reset: true };

export interface StateMapAnswer {
  readonly size: number;
  readonly root: Uint8Array;
}
