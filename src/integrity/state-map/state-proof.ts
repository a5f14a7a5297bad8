// Checking a state map proof (docs/evidence-bundle.md has the same steps as pseudo-code).
// Everything in a proof is attacker-controlled: the checks below are what make a proof
// that verifies mean what it says.
import { err, ok, problem, type Result } from '../../errors/problem';
import { bytesToHex, hexToBytes } from '../bytes';
import { sha256 } from '../sha256';
import { emptyNodeInput, emptyStateHash, keyNibble, STATE_ARITY, STATE_HASH_SIZE, STATE_KEY_NIBBLES, stateLeafHash } from './hashing';

/** A path from the root toward a key, as StateMap.prove makes it (all hashes lowercase hex). */
export interface StateProof {
  /**
   * Per interior node on the path, from the root down: its other fifteen children's
   * hashes in child order, the key's own child left out, null for an empty child.
   */
  readonly siblings: readonly (readonly (string | null)[])[];
  /** The leaf at the end of the path: the key's own, another key's, or none (an empty subtree). */
  readonly leaf: { readonly key: string; readonly value: string } | null;
}

/**
 * What a proof shows for `key` under `root`: its value (hex), or null when the key is
 * absent. Refused (`state.bad_proof`) when the proof is malformed or does not lead to
 * the root. An absence proof ends in an empty subtree or in the leaf of another key
 * that shares the path: with no other entry under that path, the key cannot be in the map.
 */
export function verifyStateProof(root: Uint8Array, key: Uint8Array, proof: StateProof): Result<string | null> {
  const shape = proofShape(proof);
  if (shape !== undefined) return refused(shape);
  const depth = proof.siblings.length;
  let hash = emptyStateHash();
  let shown: string | null = null;
  if (proof.leaf !== null) {
    const leafKey = hexToBytes(proof.leaf.key);
    for (let d = 0; d < depth; d++) {
      if (keyNibble(leafKey, d) !== keyNibble(key, d)) return refused('the leaf is not on the path of the key', 'leaf.key');
    }
    hash = stateLeafHash(leafKey, hexToBytes(proof.leaf.value));
    if (bytesToHex(leafKey) === bytesToHex(key)) shown = proof.leaf.value;
  }
  const input = emptyNodeInput();
  for (let d = depth - 1; d >= 0; d--) {
    const others = proof.siblings[d]!;
    const own = keyNibble(key, d);
    for (let i = 0, j = 0; i < STATE_ARITY; i++) {
      const child = i === own ? hash : others[j] === null ? emptyStateHash() : hexToBytes(others[j]!);
      if (i !== own) j++;
      input.set(child, 1 + i * STATE_HASH_SIZE);
    }
    hash = sha256(input);
  }
  if (bytesToHex(hash) !== bytesToHex(root)) return refused('the proof does not lead to the state root', 'siblings');
  return ok(shown);
}

const HEX_HASH = /^[0-9a-f]{64}$/;

function proofShape(proof: StateProof): string | undefined {
  if (typeof proof !== 'object' || proof === null || !Array.isArray(proof.siblings)) return 'a proof has siblings and a leaf';
  if (proof.siblings.length > STATE_KEY_NIBBLES) return `a path has at most ${STATE_KEY_NIBBLES} levels`;
  const level = (l: unknown) => Array.isArray(l) && l.length === STATE_ARITY - 1 && l.every((s) => s === null || (typeof s === 'string' && HEX_HASH.test(s)));
  if (!proof.siblings.every(level)) return `each level has ${STATE_ARITY - 1} siblings, each null or ${STATE_HASH_SIZE} bytes of lowercase hex`;
  const leaf = proof.leaf as unknown;
  if (leaf === null) return undefined;
  const { key, value } = (leaf ?? {}) as { key?: unknown; value?: unknown };
  if (typeof key !== 'string' || typeof value !== 'string' || !HEX_HASH.test(key) || !HEX_HASH.test(value)) {
    return 'the leaf is null or has a key and a value, each 32 bytes of lowercase hex';
  }
  return undefined;
}

function refused(message: string, path = ''): Result<never> {
  return err(problem('state.bad_proof', message, path));
}
