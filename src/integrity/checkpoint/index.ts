// C2SP signed notes and tlog checkpoints: how the ledger signs its Merkle tree heads
// and how anyone (SDK, CLI, server) verifies them, sum.golang.org and Rekor v2 included.
export * from './note-syntax';
export * from './note-keys';
export * from './note-parse';
export * from './note-sign';
export * from './note-open';
export * from './checkpoint-text';
export * from './checkpoint-signing';
export * from './state-line';
