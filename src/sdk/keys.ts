// An actor's Ed25519 keys as the SDK hands them around. Signing is @noble/ed25519
// through the integrity core, so keys made here sign the same bytes in Node, browsers
// and edge runtimes.
import { err, ok, problem, type Result } from '../errors/problem';
import { fromBase64Url, toBase64Url } from '../integrity/bytes';
import { generateKeyPair, keyPairFromSeed } from '../integrity/ed25519';
import { formatKeyFile, parseKeyFile } from './key-file';

export interface WritKeys {
  /** The 32-byte RFC 8032 secret seed. Secret. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The public key as statements and the API carry it (base64url, no padding). */
  readonly publicKeyBase64Url: string;
  /** The principal id, when the keys were loaded from a key file that names one. */
  readonly id?: string;
}

/** Fresh keys from the platform's CSPRNG (crypto.getRandomValues). */
export function generateKeys(): WritKeys {
  return withEncoding(generateKeyPair().seed);
}

/**
 * Keys from a 32-byte seed, as bytes or base64url. A wrong-sized seed throws a
 * RangeError: it is the caller's own secret, so it is a programming error, not input.
 */
export function keysFromSeed(seed: Uint8Array | string): WritKeys {
  const bytes = typeof seed === 'string' ? fromBase64Url(seed) : seed;
  if (bytes === undefined) throw new RangeError('the seed is not base64url');
  return withEncoding(bytes);
}

/** The key file text (see key-file.ts); `id` names the principal the keys belong to. */
export function exportKeys(keys: Pick<WritKeys, 'seed'>, id?: string): string {
  return formatKeyFile(keys.seed, id);
}

/** Loads keys from key file text or its parsed JSON; every bad field is reported. */
export function importKeys(file: unknown): Result<WritKeys> {
  const parsed = parseKeyFile(file);
  if (!parsed.ok) return parsed;
  const keys = withEncoding(parsed.value.seed);
  return ok(parsed.value.id === undefined ? keys : { ...keys, id: parsed.value.id });
}

/** Decodes a base64url public key as statements carry it (32 bytes), or says why not. */
export function decodePublicKey(text: string, path = ''): Result<Uint8Array> {
  const bytes = fromBase64Url(text);
  if (bytes?.length === 32) return ok(bytes);
  return err(problem('key.malformed', 'a public key is 32 bytes of base64url', path));
}

function withEncoding(seed: Uint8Array): WritKeys {
  const pair = keyPairFromSeed(seed);
  return { seed: pair.seed, publicKey: pair.publicKey, publicKeyBase64Url: toBase64Url(pair.publicKey) };
}
