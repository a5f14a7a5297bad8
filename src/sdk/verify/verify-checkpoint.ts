// Checking a signed checkpoint offline: a ledger key the caller trusts signed it, and
// its body is a well-formed tlog checkpoint (optionally of the expected log).
import { ok, type Result } from '../../errors/problem';
import { bytesToHex } from '../../integrity/bytes';
import { openCheckpoint } from '../../integrity/checkpoint';
import { trustedKeys, type LedgerKeys } from './ledger-keys';

export interface VerifiedCheckpoint {
  /** `<host>/<ledgerId>` for Writ. */
  readonly origin: string;
  readonly treeSize: number;
  /** Merkle root, lowercase hex. */
  readonly rootHash: string;
  readonly rootHashBytes: Uint8Array;
  /** `<name>+<key id>` of each trusted key that signed it. */
  readonly verifiedBy: readonly string[];
  /** The note exactly as verified. */
  readonly note: string;
}

export interface VerifyCheckpointOptions {
  /** The log the caller expects (`<host>/<ledgerId>`); any origin the keys signed otherwise. */
  readonly origin?: string;
}

/** `note` is attacker-controlled (served by a ledger the caller does not trust). */
export function verifyCheckpoint(
  note: string,
  ledgerKeys: LedgerKeys,
  options: VerifyCheckpointOptions = {},
): Result<VerifiedCheckpoint> {
  const keys = trustedKeys(ledgerKeys);
  if (!keys.ok) return keys;
  const opened = openCheckpoint(note, keys.value, options.origin === undefined ? {} : { expectedOrigin: options.origin });
  if (!opened.ok) return opened;
  const { checkpoint } = opened.value;
  return ok({
    origin: checkpoint.origin,
    treeSize: checkpoint.size,
    rootHash: bytesToHex(checkpoint.rootHash),
    rootHashBytes: checkpoint.rootHash,
    verifiedBy: opened.value.verifiedBy,
    note,
  });
}
