// The state root in a checkpoint: one C2SP extension line after the root hash line,
// `writ-state <base64 of the 32-byte state map root>`. The one checkpoint signature
// covers it, and verifiers that know nothing of it accept the note as before (C2SP:
// extension lines are opaque to them).
import { fromBase64, toBase64 } from '../bytes';
import type { Checkpoint } from './checkpoint-text';

export const STATE_LINE_PREFIX = 'writ-state ';

export function stateLine(stateRoot: Uint8Array): string {
  return `${STATE_LINE_PREFIX}${toBase64(stateRoot)}`;
}

/**
 * The state root a checkpoint carries: undefined when it has no state line (checkpoints
 * signed before the map existed), 'malformed' for a line that is not exactly one
 * standard base64 root, or two of them.
 */
export function stateRootOf(cp: Pick<Checkpoint, 'extensions'>): Uint8Array | undefined | 'malformed' {
  const lines = cp.extensions.filter((line) => line.startsWith(STATE_LINE_PREFIX));
  if (lines.length === 0) return undefined;
  const root = lines.length === 1 ? fromBase64(lines[0]!.slice(STATE_LINE_PREFIX.length)) : undefined;
  return root?.length === 32 ? root : 'malformed';
}
