// A worker thread that checks batches of actor signatures (see signature-check.ts).
// Every key arrives from the main thread, where it came out of checkPublicKey (Writ's
// key policy, done once per key when the key was registered); here it only becomes a
// KeyObject, once per key. Per signature the same checks as nodeVerifier: the byte-level
// shape (length, S < L), then OpenSSL's verify.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { bytesToHex, toBase64Url } from '../integrity/bytes';
import { hasSignatureShape } from '../integrity/ed25519/signature-shape';
import type { PackedBatch, SignatureFailure } from './signature-check';

const keys = new Map<string, KeyObject>();

function keyOf(bytes: Uint8Array): KeyObject {
  const id = bytesToHex(bytes);
  let key = keys.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(bytes) }, format: 'jwk' });
    if (keys.size > 100_000) keys.clear();
    keys.set(id, key);
  }
  return key;
}

function verdict(b: PackedBatch, i: number): 'ok' | SignatureFailure['verdict'] {
  if (b.sigOk[i] !== 1) return 'bad';
  const sig = b.sigs.subarray(i * 64, i * 64 + 64);
  if (!hasSignatureShape(sig)) return 'bad';
  const message = b.messages.subarray(b.offsets[i]!, b.offsets[i + 1]!);
  if (verify(null, message, keyOf(b.keys.subarray(i * 32, i * 32 + 32)), sig)) return 'ok';
  return b.past?.[i]?.some((k) => verify(null, message, keyOf(k), sig)) ? 'old_key' : 'bad';
}

parentPort?.on('message', (b: PackedBatch) => {
  const failures: SignatureFailure[] = [];
  for (let i = 0; i < b.positions.length; i++) {
    const v = verdict(b, i);
    if (v !== 'ok') failures.push({ position: b.positions[i]!, verdict: v });
  }
  parentPort!.postMessage({ failures });
});
