// Proving that the log was not cut back or forked between two checkpoints the caller
// holds (an old one kept from earlier, a new one just fetched): both must be signed by
// a trusted ledger key, name the same log, and the proof must show the old tree is a
// prefix of the new one (RFC 9162 §2.1.4.2).
import { ok, type Result } from '../../errors/problem';
import { treeSize as asTreeSize } from '../../integrity/brands';
import { hexToBytes } from '../../integrity/bytes';
import { verifyConsistency as verifyMerkleConsistency } from '../../integrity/merkle';
import { hashListProblems } from './hex';
import { trustedKeys, type LedgerKeys } from './ledger-keys';
import { renamed, under } from './paths';
import { refuse } from './refuse';
import { verifyCheckpoint, type VerifiedCheckpoint } from './verify-checkpoint';

export interface VerifiedConsistency {
  readonly old: VerifiedCheckpoint;
  readonly new: VerifiedCheckpoint;
}

/**
 * `proof` is the hex list the service serves for (old size, new size), or the whole
 * ConsistencyProof answer; all inputs but the keys are attacker-controlled. As in the
 * Merkle module, a proof from the empty tree (old size 0) is refused: it proves nothing.
 */
export function verifyConsistency(
  oldCheckpoint: string,
  newCheckpoint: string,
  proof: readonly string[] | { readonly proof: readonly string[] },
  ledgerKeys: LedgerKeys,
  options: { readonly origin?: string } = {},
): Result<VerifiedConsistency> {
  const keys = trustedKeys(ledgerKeys);
  if (!keys.ok) return keys;
  const older = verifyCheckpoint(oldCheckpoint, keys.value, options);
  if (!older.ok) return refuse(under('oldCheckpoint', older.problems));
  // The new checkpoint must be of the same log as the old one, whatever the caller expects.
  const newer = verifyCheckpoint(newCheckpoint, keys.value, { origin: older.value.origin });
  if (!newer.ok) return refuse(under('newCheckpoint', newer.problems));
  const hashes = 'proof' in proof ? proof.proof : proof;
  const bad = hashListProblems(hashes, 'proof', 'proof.malformed');
  if (bad.length > 0) return refuse(bad);
  const result = verifyMerkleConsistency(
    asTreeSize(older.value.treeSize),
    asTreeSize(newer.value.treeSize),
    older.value.rootHashBytes,
    newer.value.rootHashBytes,
    hashes.map((hash) => hexToBytes(hash)),
  );
  if (!result.ok) return refuse(renamed(NAMES, result.problems));
  return ok({ old: older.value, new: newer.value });
}

const NAMES = { size1: 'oldCheckpoint', size2: 'newCheckpoint', root1: 'oldCheckpoint', root2: 'newCheckpoint' };
