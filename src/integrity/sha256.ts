// SHA-256 for the integrity core. The default is @noble/hashes, which runs everywhere
// (SDK in browsers, edge). Node's built-in one-shot hash is about 3x faster on the
// small inputs Merkle trees hash, so the server and CLI install it at start-up with
// `useSha256` (see sha256-node.ts); both give the same bytes.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from './bytes';

export type Sha256 = (data: Uint8Array) => Uint8Array;
/** SHA-256 of a string's UTF-8 bytes. */
export type Sha256Utf8 = (text: string) => Uint8Array;

export const portableSha256: Sha256 = nobleSha256;

/**
 * The implementation in use. A live binding rather than a wrapper: Merkle appends call
 * it twice per event, and an extra call layer showed up in profiles.
 */
export let sha256: Sha256 = portableSha256;

/**
 * SHA-256 of text, for the state map's keys and records. Node hashes a string in one
 * call, about three times faster than encoding it first and hashing the bytes
 * (bench row "state map: a status change folded and the root rehashed").
 */
export let sha256Utf8: Sha256Utf8 = (text) => sha256(utf8ToBytes(text));

/** Replaces the SHA-256 implementation process-wide; it must be a correct SHA-256. */
export function useSha256(impl: Sha256, utf8?: Sha256Utf8): void {
  sha256 = impl;
  sha256Utf8 = utf8 ?? ((text) => impl(utf8ToBytes(text)));
}
