// The part of a tree that must survive a restart: its size and the hashes of the complete
// subtrees that tile it (the frontier, or "compact range" [0, size)). With these alone a
// tree can go on appending and computing its root; proofs need the node store as well.
import type { TreeSize } from '../brands';
import { bytesToHex, equalBytes, hexToBytes } from '../bytes';
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import type { NodeStore } from './node-store';
import { frontierSubtrees, isTreeNumber, popCount } from './tree-math';

/** Serializable (JSON) state of a MerkleTree. */
export interface MerkleTreeState {
  readonly size: TreeSize;
  /** Hashes of the complete subtrees tiling [0, size), leftmost (largest) first, lowercase hex. */
  readonly frontier: readonly string[];
}

export const stateOf = (size: TreeSize, frontier: readonly Uint8Array[]): MerkleTreeState => ({
  size,
  frontier: frontier.map(bytesToHex),
});

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Reads a persisted state back into frontier hashes. The state comes from disk or a
 * database, so it is checked rather than trusted: a size, one 64-hex-digit hash per set
 * bit of it, and agreement with every frontier node the store already holds (a state
 * that is not a prefix of the stored tree would fork it). `merkle.state_malformed` otherwise.
 */
export function frontierFromState(state: MerkleTreeState, store: NodeStore): Result<Uint8Array[]> {
  const size: unknown = state.size;
  const frontier: unknown = state.frontier;
  if (typeof size !== 'number' || !isTreeNumber(size)) return malformed('size must be a safe integer >= 0', 'size');
  if (!Array.isArray(frontier) || frontier.length !== popCount(size)) {
    return malformed(`a tree of ${size} leaves has ${popCount(size)} frontier hashes`, 'frontier');
  }
  const bad = frontier.flatMap((hex: unknown, i) => {
    if (typeof hex === 'string' && HEX_HASH.test(hex)) return [];
    return [stateProblem('not a lowercase hex SHA-256 hash', joinPath('frontier', i))];
  });
  if (bad.length > 0) return err(bad[0]!, ...bad.slice(1));
  const hashes = (frontier as string[]).map((hex) => hexToBytes(hex));
  return checkAgainstStore(size, hashes, store);
}

function checkAgainstStore(size: number, hashes: Uint8Array[], store: NodeStore): Result<Uint8Array[]> {
  const bad = frontierSubtrees(size).flatMap(({ level, index }, i) => {
    const stored = store.get(level, index);
    if (stored === undefined || equalBytes(stored, hashes[i]!)) return [];
    return [stateProblem(`differs from the stored hash at level ${level}, index ${index}`, joinPath('frontier', i))];
  });
  return bad.length > 0 ? err(bad[0]!, ...bad.slice(1)) : ok(hashes);
}

function stateProblem(message: string, path: string): Problem {
  return problem('merkle.state_malformed', message, path);
}

function malformed(message: string, path: string): Result<never> {
  return err(stateProblem(message, path));
}
