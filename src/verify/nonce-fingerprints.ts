// The verifier's (actor, nonce) index: one 16-byte slot per pair instead of a Map entry
// and two strings (about 150 bytes), since it is the one part of the state that grows
// with every event of the log.
//
// A slot holds a 96-bit fingerprint of the pair and the position that used it. The
// fingerprint is SHA-256 under a salt drawn for each run, so whoever wrote the log
// cannot choose nonces that collide. A pair never used is "seen" only if its
// fingerprint equals one of the n recorded ones: at most n^2 / 2^97 over a whole run
// (below 1e-17 for 10^6 events). A pair that was used is always found, so a replayed
// nonce is never missed and the position named is the one that used it.
import { hash, randomBytes } from 'node:crypto';
import type { NonceIndex } from '../domain';
import { globalPosition, type GlobalPosition } from '../integrity/brands';

const WORDS = 4; // fingerprint (3 words), position + 1 (0: an empty slot)
const INITIAL_SLOTS = 1 << 16;
const MAX_POSITION = 0xffff_fffe;

export class NonceFingerprints implements NonceIndex {
  private slots = new Uint32Array(INITIAL_SLOTS * WORDS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;
  private readonly salt = randomBytes(16).toString('base64');
  // decide asks for a pair and evolve then records the same pair: hash it once.
  private lastActor: string | undefined;
  private lastNonce: string | undefined;
  private fp0 = 0;
  private fp1 = 0;
  private fp2 = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  seen(actor: string, nonce: string): GlobalPosition | undefined {
    this.fingerprint(actor, nonce);
    const at = this.find();
    return this.slots[at + 3] === 0 ? undefined : globalPosition(this.slots[at + 3]! - 1);
  }

  remember(actor: string, nonce: string, position: number): void {
    if (!Number.isSafeInteger(position) || position < 0 || position > MAX_POSITION) {
      throw new RangeError(`position ${position} is beyond what the nonce index holds`);
    }
    this.fingerprint(actor, nonce);
    const at = this.find();
    if (this.slots[at + 3] === 0) {
      this.slots[at] = this.fp0;
      this.slots[at + 1] = this.fp1;
      this.slots[at + 2] = this.fp2;
      this.count++;
    }
    this.slots[at + 3] = position + 1;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private fingerprint(actor: string, nonce: string): void {
    if (actor === this.lastActor && nonce === this.lastNonce) return;
    // The actor's length first, so that no two pairs give the same hashed text.
    // As a binary (latin1) string, one character per byte: about half the cost of a Buffer.
    const d = hash('sha256', `${this.salt}${actor.length}:${actor}${nonce}`, 'binary');
    this.fp0 = word(d, 0);
    this.fp1 = word(d, 4);
    this.fp2 = word(d, 8);
    this.lastActor = actor;
    this.lastNonce = nonce;
  }

  /** The slot holding the current fingerprint, or the empty slot where it would go (linear probing). */
  private find(): number {
    const s = this.slots;
    for (let i = this.fp0 & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * WORDS;
      if (s[at + 3] === 0 || (s[at] === this.fp0 && s[at + 1] === this.fp1 && s[at + 2] === this.fp2)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.mask + 1) * 2;
    this.slots = new Uint32Array(slots * WORDS);
    this.mask = slots - 1;
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at + 3] === 0) continue;
      let i = old[at]! & this.mask;
      while (this.slots[i * WORDS + 3] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(at, at + WORDS), i * WORDS);
    }
  }
}

/** Four bytes of a latin1 digest as an unsigned 32-bit number. */
const word = (d: string, at: number): number =>
  (d.charCodeAt(at) | (d.charCodeAt(at + 1) << 8) | (d.charCodeAt(at + 2) << 16) | (d.charCodeAt(at + 3) << 24)) >>> 0;
