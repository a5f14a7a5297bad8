// Keys as a batch names them: a small id per key, so a batch names a key in 4 bytes and
// each thread is sent a key's bytes once. The ids are the pool's (KeyRegistry, main
// thread); every thread that verifies keeps the bytes it was sent and a bounded cache
// of Node KeyObjects made from them (KeyObjects).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { toBase64Url } from '../bytes';
import { checkedKeyOf, type PublicKey } from '../ed25519/public-key';
import { PUBLIC_KEY_LENGTH } from '../ed25519/signature-shape';

/** KeyObjects kept per thread: about 1.4 KB of native memory each, so a bound matters (a ledger may hold 10^5 agents). */
export const KEY_OBJECT_LIMIT = 8192;

export interface SentKey {
  readonly id: number;
  readonly bytes: Uint8Array;
}

/**
 * Keys by id, per thread: the bytes (32 per id) for every id sent, which is all libsodium
 * needs; Node KeyObjects, made on first use (with libsodium loaded, only when it refused
 * a signature), for the latest `limit` ids used: making one again costs about 7 µs,
 * holding one for every key of a long log costs tens of MiB per thread.
 */
export class KeyObjects {
  private bytes = new Uint8Array(PUBLIC_KEY_LENGTH * 1024);
  private sent = new Uint8Array(1024);
  private readonly byId = new Map<number, KeyObject>();

  constructor(private readonly limit = KEY_OBJECT_LIMIT) {}

  learn(keys: readonly SentKey[]): void {
    for (const k of keys) this.learnOne(k.id, k.bytes);
  }

  learnOne(id: number, bytes: Uint8Array): void {
    if (id >= this.sent.length) this.grow(id);
    this.bytes.set(bytes, id * PUBLIC_KEY_LENGTH);
    this.sent[id] = 1;
  }

  /** The key's bytes (a view: valid until the next learn). */
  bytesOf(id: number): Uint8Array {
    if (!(id < this.sent.length && this.sent[id] === 1)) throw new Error(`signature batch names key ${id}, which was never sent`);
    return this.bytes.subarray(id * PUBLIC_KEY_LENGTH, (id + 1) * PUBLIC_KEY_LENGTH);
  }

  get(id: number): KeyObject {
    const cached = this.byId.get(id);
    if (cached !== undefined) return cached;
    const x = toBase64Url(this.bytesOf(id));
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    // Oldest first out: a Map iterates in insertion order.
    if (this.byId.size >= this.limit) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(id, key);
    return key;
  }

  /** KeyObjects held now (tests). */
  get held(): number {
    return this.byId.size;
  }

  private grow(id: number): void {
    const slots = Math.max(id + 1, this.sent.length * 2);
    const bytes = new Uint8Array(slots * PUBLIC_KEY_LENGTH);
    bytes.set(this.bytes);
    const sent = new Uint8Array(slots);
    sent.set(this.sent);
    this.bytes = bytes;
    this.sent = sent;
  }
}

/**
 * The ids of one pool's keys, on the main thread, and the main thread's own KeyObjects,
 * which learn every key as it is numbered: the main thread can then verify any batch
 * (a worker's that died, or one no worker had room for) without being sent keys.
 */
export class KeyRegistry {
  private readonly ids = new WeakMap<PublicKey, number>();
  private next = 0;
  readonly objects: KeyObjects;

  constructor(limit = KEY_OBJECT_LIMIT) {
    this.objects = new KeyObjects(limit);
  }

  /** The key's id; undefined for an object that did not come out of checkPublicKey (its signatures are refused). */
  idOf(key: PublicKey): number | undefined {
    let id = this.ids.get(key);
    if (id === undefined) {
      const checked = checkedKeyOf(key);
      if (checked === undefined) return undefined;
      id = this.next++;
      this.ids.set(key, id);
      this.objects.learnOne(id, checked.bytes);
    }
    return id;
  }
}
