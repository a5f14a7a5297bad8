// The bare primitives every figure is compared with, measured in the same run.
import { generateKeyPairSync, hash, sign, verify } from 'node:crypto';
import { measure, type Rate } from './harness';

export interface Ceilings {
  /** Node's one-shot SHA-256 of a 65-byte input (a Merkle node's size). */
  readonly sha256: Rate;
  /** Node's Ed25519 verify of a ~400-byte message on one core, with a prepared KeyObject. */
  readonly ed25519Verify: Rate;
}

export function measureCeilings(): Ceilings {
  const node = new Uint8Array(65);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(400, 7);
  const signature = sign(null, message, privateKey);
  return {
    sha256: measure('bare SHA-256', () => hash('sha256', node, 'buffer')),
    ed25519Verify: measure('bare Node Ed25519 verify', () => verify(null, message, publicKey, signature), 2000, 20),
  };
}
