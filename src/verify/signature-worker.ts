// A worker thread that checks batches of actor signatures (see signature-check.ts).
// Keys arrive as bytes the main thread already took from checked keys; they are
// checked again here once each (cached), so this thread holds the same policy.
import { parentPort } from 'node:worker_threads';
import { bytesToHex } from '../integrity/bytes';
import { checkPublicKey, type PublicKey } from '../integrity/ed25519';
import { installNodeSha256 } from '../integrity/sha256-node';
import { verdictOf, type PackedBatch, type SignatureFailure } from './signature-check';

installNodeSha256();
const keys = new Map<string, PublicKey | null>();

function keyOf(bytes: Uint8Array): PublicKey | undefined {
  const id = bytesToHex(bytes);
  let key = keys.get(id);
  if (key === undefined) {
    const checked = checkPublicKey(bytes);
    key = checked.ok ? checked.value : null;
    if (keys.size > 100_000) keys.clear();
    keys.set(id, key);
  }
  return key ?? undefined;
}

parentPort?.on('message', (b: PackedBatch) => {
  const failures: SignatureFailure[] = [];
  for (let i = 0; i < b.positions.length; i++) {
    const position = b.positions[i]!;
    const key = keyOf(b.keys.subarray(i * 32, i * 32 + 32));
    const past = b.past?.[i]?.map(keyOf).filter((k): k is PublicKey => k !== undefined);
    const verdict =
      key === undefined
        ? 'bad'
        : verdictOf({
            position,
            key,
            message: b.messages.subarray(b.offsets[i]!, b.offsets[i + 1]!),
            signature: b.sigOk[i] === 1 ? b.sigs.subarray(i * 64, i * 64 + 64) : undefined,
            ...(past && past.length > 0 ? { pastKeys: past } : {}),
          });
    if (verdict !== 'ok') failures.push({ position, verdict });
  }
  parentPort!.postMessage({ failures });
});
