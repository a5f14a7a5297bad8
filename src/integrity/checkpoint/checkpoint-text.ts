// The checkpoint body of c2sp.org/tlog-checkpoint: origin, tree size, base64 root hash,
// then optional extension lines, each ending in a newline.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import { treeSize, type TreeSize } from '../brands';
import { fromBase64, toBase64 } from '../bytes';
import { isNoteLine, isNoteText } from './note-syntax';

/** Bytes of an RFC 6962 (SHA-256) Merkle root. */
export const ROOT_HASH_BYTES = 32;

export interface Checkpoint {
  /** Names the log; Writ writes `<host>/<ledgerId>`. Other logs may use spaces. */
  readonly origin: string;
  readonly size: TreeSize;
  readonly rootHash: Uint8Array;
  /** Opaque extension lines, each non-empty; C2SP does not recommend using them. */
  readonly extensions: readonly string[];
}

/** What formatCheckpoint takes: a checkpoint whose extensions may be left out. */
export type CheckpointFields = Omit<Checkpoint, 'extensions'> & { readonly extensions?: readonly string[] };

// Decimal without leading zeroes, at most 16 digits; the value is bounded below.
const TREE_SIZE = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Writes the checkpoint body. The layout is checked (each line non-empty note text, the
 * size a non-negative safe integer); the root may have any length so the output stays
 * comparable with other implementations' test data. signCheckpoint insists on 32 bytes.
 */
export function formatCheckpoint(cp: CheckpointFields): Result<string> {
  const extensions = cp.extensions ?? [];
  const problems: Problem[] = [];
  if (!isNoteLine(cp.origin)) problems.push(malformedAt('origin', 'the origin is one non-empty line of note text'));
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) problems.push(malformedAt('size', 'the size is a non-negative safe integer'));
  for (const [i, line] of extensions.entries()) {
    if (!isNoteLine(line)) problems.push(malformedAt(`extensions[${i}]`, 'an extension is one non-empty line of note text'));
  }
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  const lines = [cp.origin, String(cp.size), toBase64(cp.rootHash), ...extensions];
  return ok(lines.map((line) => `${line}\n`).join(''));
}

/**
 * Parses attacker-controlled checkpoint text strictly: at least three lines, each
 * non-empty, text ending in a newline, a canonical decimal size, and a root that is
 * canonical standard base64 of exactly 32 bytes. Reports every bad line.
 */
export function parseCheckpoint(text: string): Result<Checkpoint> {
  if (!text.endsWith('\n') || !isNoteText(text)) {
    return err(malformedAt('', 'checkpoint text ends in a newline and has no other control characters'));
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return err(malformedAt('', 'a checkpoint has an origin, a size and a root hash line'));
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  const size = parseTreeSize(sizeText);
  const rootHash = fromBase64(rootText);
  const problems: Problem[] = [];
  if (origin === '') problems.push(malformedAt('origin', 'the origin is empty'));
  if (typeof size === 'string') problems.push(malformedAt('size', size));
  if (rootHash?.length !== ROOT_HASH_BYTES) problems.push(malformedAt('rootHash', 'the root hash is standard base64 of 32 bytes'));
  for (const [i, line] of extensions.entries()) {
    if (line === '') problems.push(malformedAt(`extensions[${i}]`, 'extension lines are not empty'));
  }
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  return ok({ origin, size: size as TreeSize, rootHash: rootHash!, extensions });
}

/**
 * The tree size, or why it is refused. C2SP allows any uint64; Writ's sizes are
 * JavaScript numbers, so sizes past 2^53 - 1 are refused rather than rounded.
 */
function parseTreeSize(text: string): TreeSize | string {
  if (!TREE_SIZE.test(text)) return 'the tree size is a decimal without leading zeroes';
  const n = Number(text);
  return Number.isSafeInteger(n) ? treeSize(n) : 'tree sizes above 2^53 - 1 are not supported';
}

const malformedAt = (path: string, message: string): Problem => problem('checkpoint.malformed', message, path);
