// Reading the ledger key a reader trusts: a note verifier key string
// (`<origin>+<key ID>+<base64>`), a bare base64url public key, a JWKS file, or a key file.
import { existsSync, readFileSync } from 'node:fs';
import { fromBase64Url } from '../integrity/bytes';
import { parseVerifierKey } from '../integrity/checkpoint';
import { checkPublicKey } from '../integrity/ed25519';
import type { PublicKey } from '../integrity/ed25519';
import { parseKeyFile } from '../sdk/key-file';
import { InputError } from './sources';

/** The ledger key a reader trusts, from outside the record. */
export interface TrustedKey {
  readonly publicKey: PublicKey;
  /** The key name (checkpoint origin) when it came as a note verifier key. */
  readonly origin?: string;
}

export function readTrustedKey(input: string): TrustedKey {
  if (existsSync(input)) return keyFromFile(input);
  if (input.includes('+')) {
    const vkey = parseVerifierKey(input);
    if (!vkey.ok) throw new InputError(`--key: ${vkey.problems[0].message}`);
    return { publicKey: vkey.value.publicKey, origin: vkey.value.name };
  }
  return fromRaw(fromBase64Url(input), '--key');
}

function fromRaw(bytes: Uint8Array | undefined, what: string): TrustedKey {
  if (bytes === undefined) throw new InputError(`${what}: neither a file, a verifier key nor a base64url public key`);
  const key = checkPublicKey(bytes);
  if (!key.ok) throw new InputError(`${what}: ${key.problems[0].message}`);
  return { publicKey: key.value };
}

function keyFromFile(path: string): TrustedKey {
  const text = readFileSync(path, 'utf8').trim();
  if (!text.startsWith('{')) return readTrustedKey(text);
  let json: { keys?: { kty?: string; crv?: string; x?: string }[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new InputError(`${path}: not JSON`);
  }
  if (Array.isArray(json.keys)) {
    const ed = json.keys.filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string');
    if (ed.length !== 1) throw new InputError(`${path}: a JWKS with exactly one Ed25519 key is needed, found ${ed.length}`);
    return fromRaw(fromBase64Url(ed[0]!.x!), path);
  }
  const parsed = parseKeyFile(json);
  if (!parsed.ok) throw new InputError(`${path}: ${parsed.problems[0].message}`);
  return fromRaw(parsed.value.publicKey, path);
}
