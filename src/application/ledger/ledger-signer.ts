// The ledger key behind a port: the runtime asks for signatures, it never handles the
// seed. The default adapter keeps the seed in a 0600 key file and signs with Node's
// built-in Ed25519 (several times faster than the portable path; Ed25519 is
// deterministic, so the signatures are byte-identical).
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { toBase64Url } from '../../integrity/bytes';
import { keyPairFromSeed } from '../../integrity/ed25519';
import type { ExternalNoteSigner } from '../../integrity/checkpoint';

export interface LedgerSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** A signer over a 32-byte seed held in memory (loaded from the key file). */
export function seedSigner(seed: Uint8Array): LedgerSigner {
  const { publicKey } = keyPairFromSeed(seed);
  const key: KeyObject = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(seed), x: toBase64Url(publicKey) },
    format: 'jwk',
  });
  return {
    publicKey,
    sign: (message) => new Uint8Array(nodeSign(null, message, key)),
  };
}

/** The signer as a C2SP note signer named by the checkpoint origin. */
export function noteSignerOf(signer: LedgerSigner, name: string): ExternalNoteSigner {
  return { name, publicKey: signer.publicKey, sign: (m) => signer.sign(m) };
}
