// The verdicts on a batch (batch.ts), the same code on a worker thread and on the main
// thread. Per job the same checks as the Node verifier: the byte-level shape (done on
// the main thread when the batch was built, and again here, for nothing), then the
// signature, confirmed by libsodium where it is given and otherwise judged by OpenSSL
// (acceleratedVerifier's rule, sodium-native.ts). Every key was checked against Writ's
// key policy on the main thread (KeyRegistry only numbers keys that passed).
import { verify } from 'node:crypto';
import { nobleVerifier } from '../ed25519/noble-verifier';
import { checkPublicKey } from '../ed25519/public-key';
import { hasIdentityR, hasSignatureShape, SIGNATURE_LENGTH } from '../ed25519/signature-shape';
import type { NativeEd25519 } from '../ed25519/sodium-native';
import type { PackedBatch, SignatureFailure } from './batch';
import type { KeyObjects } from './keys';

/** The jobs of `b` that do not verify, in batch order. */
export function verifyBatch(b: PackedBatch, keys: KeyObjects, native: NativeEd25519 | undefined): SignatureFailure[] {
  keys.learn(b.newKeys);
  const failures: SignatureFailure[] = [];
  for (let i = 0; i < b.count; i++) {
    const v = verdict(b, keys, i, native);
    if (v !== 'ok') failures.push({ position: b.positions[i]!, verdict: v });
  }
  return failures;
}

function verdict(b: PackedBatch, keys: KeyObjects, i: number, native: NativeEd25519 | undefined): 'ok' | SignatureFailure['verdict'] {
  const sig = b.sigs.subarray(i * SIGNATURE_LENGTH, (i + 1) * SIGNATURE_LENGTH);
  if (!hasSignatureShape(sig)) return 'bad';
  const message = b.messages.subarray(b.offsets[i]!, b.offsets[i + 1]!);
  if (verifies(keys, b.keyIds[i]!, message, sig, native)) return 'ok';
  return b.past?.[i]?.some((id) => verifies(keys, id, message, sig, native)) ? 'old_key' : 'bad';
}

function verifies(keys: KeyObjects, id: number, message: Uint8Array, sig: Uint8Array, native: NativeEd25519 | undefined): boolean {
  if (hasIdentityR(sig)) return portableVerdict(keys.bytesOf(id), message, sig);
  return native?.accepts(sig, message, keys.bytesOf(id)) === true || verify(null, message, keys.get(id), sig);
}

/**
 * The policy's own verdict (noble), for the signatures OpenSSL judges differently by
 * version (hasIdentityR). The key passed the policy when the main thread registered it;
 * checking it again here costs one key check for a signature almost never seen.
 */
function portableVerdict(keyBytes: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  const key = checkPublicKey(keyBytes);
  return key.ok && nobleVerifier.verify(key.value, message, sig);
}
