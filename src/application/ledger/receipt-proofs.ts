// Inclusion proofs for the receipts of one commit batch. Every receipt of a batch is
// proven against the same tree size, and the batch's leaves sit side by side at the
// right edge of the tree, so their paths share most hashes: the ragged right-edge
// subtrees (hashed on demand) and the upper siblings. They are computed and turned into
// hex once per tree size instead of once per receipt. The walk is integrity's RFC 9162
// PATH (proof-paths); a test holds the result equal to MerkleTree's.
import { bytesToHex } from '../../integrity/bytes';
import { nodeHash, type NodeStore } from '../../integrity/merkle';
import { inclusionPath } from '../../integrity/merkle/proof-paths';
import { exactLog2, largestPowerOfTwoBelow } from '../../integrity/merkle/tree-math';

export class ReceiptProofs {
  private size = -1;
  private readonly hex = new Map<string, string>();
  private readonly bytes = new Map<string, Uint8Array>();

  /** `store` holds the complete subtree hashes of the tree being proven (its NodeStore). */
  constructor(private readonly store: NodeStore) {}

  /** PATH(index, D[0:size]) as hex; the caller checked 0 <= index < size <= tree size. */
  path(index: number, size: number): string[] {
    if (size !== this.size) {
      this.size = size;
      this.hex.clear();
      this.bytes.clear();
    }
    return inclusionPath(index, size, (lo, hi) => this.rangeHex(lo, hi));
  }

  /** Forgets everything (the tree was reset). */
  reset(): void {
    this.size = -1;
    this.hex.clear();
    this.bytes.clear();
  }

  private rangeHex(lo: number, hi: number): string {
    const key = `${lo}:${hi}`;
    let hex = this.hex.get(key);
    if (hex === undefined) {
      hex = bytesToHex(this.rangeHash(lo, hi));
      this.hex.set(key, hex);
    }
    return hex;
  }

  /** MTH(D[lo:hi]): a stored node for an aligned power-of-two range, else split. */
  private rangeHash(lo: number, hi: number): Uint8Array {
    const width = hi - lo;
    const level = exactLog2(width);
    if (level !== undefined) {
      const stored = this.store.get(level, lo / width);
      if (stored === undefined) throw new Error(`node store has no hash at level ${level}, index ${lo / width}`);
      return stored;
    }
    const key = `${lo}:${hi}`;
    let hash = this.bytes.get(key);
    if (hash === undefined) {
      const k = largestPowerOfTwoBelow(width);
      hash = nodeHash(this.rangeHash(lo, lo + k), this.rangeHash(lo + k, hi));
      this.bytes.set(key, hash);
    }
    return hash;
  }
}
