// Node's SHA-256 for the server and CLI. Imported only by Node entry points, never by
// the portable core or the SDK.
import { hash } from 'node:crypto';
import { useSha256, type Sha256 } from './sha256';

export const nodeSha256: Sha256 = (data) => {
  const out = hash('sha256', data, 'buffer') as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** Makes the whole integrity core hash with Node's built-in SHA-256. */
export function installNodeSha256(): void {
  useSha256(nodeSha256);
}
