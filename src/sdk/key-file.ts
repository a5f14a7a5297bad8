// The one JSON format for Ed25519 key files, written by the SDK and by the server for
// its own keys (ledger key, first admin), so a key made by either loads in both:
//   { "kind": "writ-ed25519", "id"?: "<principal id>", "seed": "<b64url>", "publicKey": "<b64url>" }
// The public key is redundant with the seed on purpose: a reader can show it without the
// secret, and a file whose two halves disagree (edited by hand, truncated) is refused.
import { err, ok, problem, type Problem, type Result } from '../errors/problem';
import { equalBytes, fromBase64Url, toBase64Url } from '../integrity/bytes';
import { keyPairFromSeed } from '../integrity/ed25519';

export const KEY_FILE_KIND = 'writ-ed25519';

/** The key file as JSON data. `seed` is secret: keep the file private (0600). */
export interface KeyFile {
  readonly kind: typeof KEY_FILE_KIND;
  /** The principal this key belongs to, when the file names it. */
  readonly id?: string;
  readonly seed: string;
  readonly publicKey: string;
}

/** What a key file holds, decoded. */
export interface KeyFileKeys {
  readonly id?: string;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

const SEED_BYTES = 32;
const FIELDS = new Set(['kind', 'id', 'seed', 'publicKey']);

/** The key file for a 32-byte seed; the public key is derived, never taken on trust. */
export function toKeyFile(seed: Uint8Array, id?: string): KeyFile {
  const { publicKey } = keyPairFromSeed(seed);
  const file = { kind: KEY_FILE_KIND, seed: toBase64Url(seed), publicKey: toBase64Url(publicKey) } as const;
  return id === undefined ? file : { kind: KEY_FILE_KIND, id, seed: file.seed, publicKey: file.publicKey };
}

/** Key file text: two-space JSON ending in a newline, as the server writes it to disk. */
export function formatKeyFile(seed: Uint8Array, id?: string): string {
  return `${JSON.stringify(toKeyFile(seed, id), null, 2)}\n`;
}

/**
 * Reads a key file (text or parsed JSON). Problems never echo the seed. Refused: not
 * JSON, another kind, unknown fields, a seed that is not 32 bytes of strict base64url,
 * or a public key that is not the one the seed derives.
 */
export function parseKeyFile(input: unknown): Result<KeyFileKeys> {
  const value = typeof input === 'string' ? parseJsonText(input) : input;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(malformed('a key file is a JSON object', ''));
  }
  const file = value as Record<string, unknown>;
  const problems = shapeProblems(file);
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  const seed = fromBase64Url(file.seed as string)!;
  const { publicKey } = keyPairFromSeed(seed);
  if (!equalBytes(publicKey, fromBase64Url(file.publicKey as string)!)) {
    return err(malformed('publicKey is not the public key of seed', 'publicKey'));
  }
  return ok(file.id === undefined ? { seed, publicKey } : { id: file.id as string, seed, publicKey });
}

function shapeProblems(file: Record<string, unknown>): Problem[] {
  const problems = Object.keys(file)
    .filter((key) => !FIELDS.has(key))
    .map((key) => malformed(`unknown field ${key}`, key));
  if (file.kind !== KEY_FILE_KIND) problems.push(malformed(`kind must be "${KEY_FILE_KIND}"`, 'kind'));
  if (file.id !== undefined && (typeof file.id !== 'string' || file.id === '')) {
    problems.push(malformed('id must be a non-empty string', 'id'));
  }
  if (decodedLength(file.seed) !== SEED_BYTES) problems.push(malformed('seed must be 32 bytes of base64url', 'seed'));
  if (decodedLength(file.publicKey) !== SEED_BYTES) {
    problems.push(malformed('publicKey must be 32 bytes of base64url', 'publicKey'));
  }
  return problems;
}

function decodedLength(value: unknown): number | undefined {
  return typeof value === 'string' ? fromBase64Url(value)?.length : undefined;
}

// The text may be a secret file: a JSON syntax error is reported without its content.
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const malformed = (message: string, path: string): Problem => problem('key.malformed', message, path);
