// Signers for the signature-check tests (the pool, its batches, the verifier's checks):
// a key pair whose public key passed the key policy, and a statement text signed by it
// as Writ signs statements (the signing prefix, then the text).
import { toBase64Url } from '../../src/integrity/bytes';
import { checkPublicKey, generateKeyPair, sign, type PublicKey } from '../../src/integrity/ed25519';
import { signingMessage } from '../../src/integrity/statement';

export interface TestSigner {
  readonly seed: Uint8Array;
  /** The public key, as checkPublicKey returned it (what a registered key is). */
  readonly key: PublicKey;
}

export function checkedSigner(): TestSigner {
  const pair = generateKeyPair();
  const checked = checkPublicKey(pair.publicKey);
  if (!checked.ok) throw new Error('key refused');
  return { seed: pair.seed, key: checked.value };
}

/** base64url of `by`'s signature over the statement text `text`. */
export const signedText = (by: { readonly seed: Uint8Array }, text: string): string => toBase64Url(sign(by.seed, signingMessage(text)));
