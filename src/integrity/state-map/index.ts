// The verifiable state map (docs/evidence-bundle.md): a sparse Merkle tree from entity
// keys to status record hashes, whose root each checkpoint carries.
export * from './hashing';
export * from './state-map';
export * from './state-proof';
