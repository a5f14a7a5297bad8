// Look-alike numbers get their own types so a revision is never passed as a position.
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Revision of an event within its stream, from 0. */
export type StreamRevision = Brand<number, 'StreamRevision'>;
/** Position of an event in the global log, from 0; equal to its Merkle leaf index. */
export type GlobalPosition = Brand<number, 'GlobalPosition'>;
/** Index of a leaf in the Merkle tree, from 0. */
export type LeafIndex = Brand<number, 'LeafIndex'>;
/** Number of leaves in a Merkle tree. */
export type TreeSize = Brand<number, 'TreeSize'>;

export const streamRevision = (n: number) => n as StreamRevision;
export const globalPosition = (n: number) => n as GlobalPosition;
export const leafIndex = (n: number) => n as LeafIndex;
export const treeSize = (n: number) => n as TreeSize;
