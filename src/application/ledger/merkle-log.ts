// The global log as a Merkle tree, with the signed checkpoint of its latest batch.
// One checkpoint signature covers a whole commit batch (DESIGN: receipts are proofs).
import { bytesToHex, hexToBytes } from '../../integrity/bytes';
import { leafIndex, treeSize } from '../../integrity/brands';
import { signCheckpoint, stateLine, type AnyNoteSigner } from '../../integrity/checkpoint';
import { MemoryNodeStore, MerkleTree } from '../../integrity/merkle';
import { ReceiptProofs } from './receipt-proofs';
import { err, ok, problem, type Result } from '../../errors/problem';
import type { ConsistencyProof, InclusionProof, SignedCheckpoint } from './ledger.port';

export class MerkleLog {
  private store = new MemoryNodeStore();
  private tree = new MerkleTree(this.store);
  private proofs = new ReceiptProofs(this.store);
  private latest: SignedCheckpoint | undefined;
  /** The state map root at the tree's size; each checkpoint carries it (docs/evidence-bundle.md). */
  private stateRoot: (() => Uint8Array) | undefined;

  constructor(
    readonly origin: string,
    private signer: AnyNoteSigner,
  ) {}

  get size(): number {
    return this.tree.size;
  }

  /** Appends an envelope hash (hex); its leaf input is the 32 raw bytes. */
  append(envelopeHash: string): number {
    return this.tree.append(hexToBytes(envelopeHash));
  }

  /** Where the state root comes from: it must always be the root at the tree's current size. */
  commitState(stateRoot: () => Uint8Array): void {
    this.stateRoot = stateRoot;
    this.latest = undefined;
  }

  /** Signs the current tree head; called once per commit batch. */
  sign(): SignedCheckpoint {
    const rootHash = this.tree.root();
    const extensions = this.stateRoot === undefined ? [] : [stateLine(this.stateRoot())];
    const note = signCheckpoint({ origin: this.origin, size: this.tree.size, rootHash, extensions }, this.signer);
    if (!note.ok) throw new Error(`cannot sign checkpoint: ${note.problems[0].message}`);
    this.latest = { note: note.value, origin: this.origin, treeSize: this.tree.size, rootHash: bytesToHex(rootHash) };
    return this.latest;
  }

  /** The latest signed checkpoint, signing one if the tree moved since. */
  checkpoint(): SignedCheckpoint {
    return this.latest !== undefined && this.latest.treeSize === this.tree.size ? this.latest : this.sign();
  }

  reset(): void {
    this.store = new MemoryNodeStore();
    this.tree = new MerkleTree(this.store);
    this.proofs = new ReceiptProofs(this.store);
    this.latest = undefined;
  }

  useSigner(signer: AnyNoteSigner): void {
    this.signer = signer;
    this.latest = undefined;
  }

  inclusion(index: number, size: number = this.tree.size): Result<InclusionProof> {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size > this.tree.size || index >= size) {
      return err(problem('merkle.out_of_range', `leaf ${index} is not in a tree of size ${size} (log size ${this.tree.size})`, 'leafIndex'));
    }
    const proof = this.tree.inclusionProof(leafIndex(index), treeSize(size));
    const root = this.tree.rootAt(treeSize(size));
    if (!proof.ok) return proof;
    if (!root.ok) return root;
    return ok({ leafIndex: index, treeSize: size, rootHash: bytesToHex(root.value), proof: proof.value.map(bytesToHex) });
  }

  /**
   * The inclusion proof alone, for receipts: their checkpoint already carries the root,
   * so it is not computed again for every receipt of a batch, and the hashes the
   * batch's receipts share are computed once (ReceiptProofs).
   */
  proof(index: number, size: number): string[] {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size > this.tree.size || index >= size) {
      throw new Error(`no inclusion proof for ${index} in a tree of size ${size} (log size ${this.tree.size})`);
    }
    return this.proofs.path(index, size);
  }

  consistency(fromSize: number, toSize: number = this.tree.size): Result<ConsistencyProof> {
    if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize) || fromSize < 1 || fromSize > toSize || toSize > this.tree.size) {
      return err(problem('merkle.out_of_range', `no consistency proof from ${fromSize} to ${toSize} (log size ${this.tree.size})`, 'fromSize'));
    }
    const proof = this.tree.consistencyProof(treeSize(fromSize), treeSize(toSize));
    const fromRoot = this.tree.rootAt(treeSize(fromSize));
    const toRoot = this.tree.rootAt(treeSize(toSize));
    if (!proof.ok) return proof;
    if (!fromRoot.ok) return fromRoot;
    if (!toRoot.ok) return toRoot;
    return ok({ fromSize, toSize, fromRoot: bytesToHex(fromRoot.value), toRoot: bytesToHex(toRoot.value), proof: proof.value.map(bytesToHex) });
  }
}
