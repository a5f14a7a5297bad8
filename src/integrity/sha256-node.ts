// Node's SHA-256 for the server and CLI. Imported only by Node entry points, never by
// the portable core or the SDK.
import { hash } from 'node:crypto';
import { useSha256, type Sha256, type Sha256Utf8 } from './sha256';

/** A Buffer is a Uint8Array, so the digest is returned as it comes. */
export const nodeSha256: Sha256 = (data) => hash('sha256', data, 'buffer') as Buffer;

/** Node encodes the string as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder does). */
export const nodeSha256Utf8: Sha256Utf8 = (text) => hash('sha256', text, 'buffer') as Buffer;

/** Makes the whole integrity core hash with Node's built-in SHA-256. */
export function installNodeSha256(): void {
  useSha256(nodeSha256, nodeSha256Utf8);
}
