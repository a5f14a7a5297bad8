// Per stream, the revision and hash of its latest envelope: what the next envelope of the
// stream must link to. One of these per stream of the ledger (several per agent), so they
// are kept flat: a slot number per stream name, the revision and the 32 hash bytes in
// arrays, instead of an object and a 64-character string per stream (about 100 bytes
// more each).
import type { ChainTip } from '../integrity/envelope';

const HASH_BYTES = 32;
const scratch = Buffer.alloc(HASH_BYTES);

export class StreamTips {
  private readonly slots = new Map<string, number>();
  private revisions = new Float64Array(1024);
  private hashes = Buffer.alloc(1024 * HASH_BYTES);

  get size(): number {
    return this.slots.size;
  }

  /**
   * The stream's tip as integrity's linkToTip takes it, or undefined for a new stream.
   * `prevHash` is the link the envelope claims: when it names the tip's bytes it is
   * the tip's text too, since it and every hash stored here passed envelopeFromJson's
   * lowercase-hex check; otherwise the tip's text is written out (only for a broken link).
   */
  tipFor(stream: string, prevHash: string): ChainTip | undefined {
    const slot = this.slots.get(stream);
    if (slot === undefined) return undefined;
    const at = slot * HASH_BYTES;
    const same = scratch.write(prevHash, 0, 'hex') === HASH_BYTES && this.hashes.compare(scratch, 0, HASH_BYTES, at, at + HASH_BYTES) === 0;
    return { revision: this.revisions[slot]!, hash: same ? prevHash : this.hashes.toString('hex', at, at + HASH_BYTES) };
  }

  /** Records an envelope as its stream's tip. `hash`: 64 lowercase hex characters. */
  set(stream: string, revision: number, hash: string): void {
    let slot = this.slots.get(stream);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.revisions.length) this.grow();
      this.slots.set(stream, slot);
    }
    this.revisions[slot] = revision;
    this.hashes.write(hash, slot * HASH_BYTES, HASH_BYTES, 'hex');
  }

  private grow(): void {
    const revisions = new Float64Array(this.revisions.length * 2);
    revisions.set(this.revisions);
    const hashes = Buffer.alloc(this.hashes.length * 2);
    this.hashes.copy(hashes);
    this.revisions = revisions;
    this.hashes = hashes;
  }
}
