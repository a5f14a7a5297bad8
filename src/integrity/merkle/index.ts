export { emptyRoot, HASH_SIZE, leafHash, nodeHash } from './hashing';
export { MerkleTree } from './merkle-tree';
export { MemoryNodeStore, type NodeStore } from './node-store';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify';
export type { MerkleTreeState } from './tree-state';
export { Frontier } from './frontier';
export { leafHashInto, nodeHashInto } from './merkle-sha256';
