// Note keys in the text forms C2SP and golang.org/x/mod use:
//   verifier key  <name>+<hex key ID>+base64(0x01 || 32-byte public key)
//   signer key    PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)
// The key ID binds the name and the algorithm to the key, so it is recomputed and
// compared on every parse. Names may not contain '+', but base64 may: split on the
// first '+' separators only.
import { err, ok, problem, type Result } from '../../errors/problem';
import { bytesToHex, concatBytes, fromBase64, toBase64, utf8ToBytes } from '../bytes';
import { checkPublicKey, keyPairFromSeed, type PublicKey } from '../ed25519';
import { sha256 } from '../sha256';
import { isValidKeyName } from './note-syntax';

/** Signature type byte for Ed25519 (C2SP signed-note, "Signature types"). */
export const ED25519_SIGNATURE_TYPE = 0x01;
const ED25519_KEY_BYTES = 32;
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';
const KEY_ID_HEX = /^[0-9a-f]{8}$/;

/** A trusted key that may verify notes. Build it with parseVerifierKey or noteVerifierKey. */
export interface NoteVerifierKey {
  readonly name: string;
  /** Lowercase hex of the 4-byte key ID. */
  readonly keyId: string;
  readonly publicKey: PublicKey;
}

/** A key that signs notes: its name and its 32-byte Ed25519 seed (secret). */
export interface NoteSigner {
  readonly name: string;
  readonly seed: Uint8Array;
}

/**
 * A signer whose secret stays behind a port (the ledger's key file today, an HSM
 * tomorrow): it signs, it never hands out its seed. Ed25519 is deterministic, so a
 * faster implementation of the same key gives the same note byte for byte.
 */
export interface ExternalNoteSigner {
  readonly name: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export type AnyNoteSigner = NoteSigner | ExternalNoteSigner;

/** Key ID bytes: SHA-256(name || 0x0A || signature type || key material)[:4]. */
function keyIdOf(name: string, typedKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(name), Uint8Array.of(0x0a), typedKey)).subarray(0, 4);
}

/** Lowercase hex key ID of an Ed25519 note key. */
export function noteKeyId(name: string, publicKey: Uint8Array): string {
  return bytesToHex(keyIdOf(name, typed(publicKey)));
}

/** `<name>+<hex key ID>`: how a key is named in `verifiedBy` and in problems. */
export const keyLabel = (name: string, keyId: string): string => `${name}+${keyId}`;

const typed = (key: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), key);
const malformed = (message: string) => err(problem('key.malformed', message));

/** A verifier key for a public key the caller already checked (the ledger's own). */
export function noteVerifierKey(name: string, publicKey: PublicKey): Result<NoteVerifierKey> {
  if (!isValidKeyName(name)) return malformed('a key name is non-empty, without spaces or "+"');
  return ok({ name, keyId: noteKeyId(name, publicKey.bytes), publicKey });
}

/** Formats `<name>+<hex key ID>+base64(0x01 || publicKey)`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): Result<string> {
  if (!isValidKeyName(name)) return malformed('a key name is non-empty, without spaces or "+"');
  if (publicKey.length !== ED25519_KEY_BYTES) return malformed('an Ed25519 public key is 32 bytes');
  return ok(`${keyLabel(name, noteKeyId(name, publicKey))}+${toBase64(typed(publicKey))}`);
}

/**
 * Parses a verifier key (attacker-controlled when it comes from configuration a user
 * pasted): the key ID must match, the type must be Ed25519, and the public key must
 * pass Writ's Ed25519 key policy (checkPublicKey), once, here.
 */
export function parseVerifierKey(vkey: string): Result<NoteVerifierKey> {
  const parts = splitKeyText(vkey);
  if (parts === undefined) return malformed('a verifier key is <name>+<hex key ID>+<base64 key>');
  const material = checkTypedKey(parts);
  if (!material.ok) return material;
  const checked = checkPublicKey(material.value);
  if (!checked.ok) return checked;
  return ok({ name: parts.name, keyId: parts.keyId, publicKey: checked.value });
}

/** Formats the `PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)` signer key. */
export function formatSignerKey(signer: NoteSigner): Result<string> {
  const publicKey = signerPublicKey(signer);
  if (!publicKey.ok) return publicKey;
  const keyId = noteKeyId(signer.name, publicKey.value);
  return ok(`${SIGNER_KEY_PREFIX}${keyLabel(signer.name, keyId)}+${toBase64(typed(signer.seed))}`);
}

/**
 * Parses a signer key (secret: problems never echo it). The key ID covers the public
 * key, so it is checked against the key derived from the seed.
 */
export function parseSignerKey(skey: string): Result<NoteSigner> {
  const parts = skey.startsWith(SIGNER_KEY_PREFIX) ? splitKeyText(skey.slice(SIGNER_KEY_PREFIX.length)) : undefined;
  if (parts === undefined) return malformed('a signer key is PRIVATE+KEY+<name>+<hex key ID>+<base64 seed>');
  const material = fromBase64(parts.encoded);
  if (material === undefined || material.length === 0) return malformed('the key is not standard base64');
  const seed = typedKeyBytes(material);
  if (!seed.ok) return seed;
  const publicKey = keyPairFromSeed(seed.value).publicKey;
  if (noteKeyId(parts.name, publicKey) !== parts.keyId) return malformed('the key ID does not match the key');
  return ok({ name: parts.name, seed: seed.value });
}

/** The signer's public key, after checking its name and seed length. */
export function signerPublicKey(signer: NoteSigner): Result<Uint8Array> {
  if (!isValidKeyName(signer.name)) return malformed('a key name is non-empty, without spaces or "+"');
  if (signer.seed.length !== ED25519_KEY_BYTES) return malformed('an Ed25519 seed is 32 bytes');
  return ok(keyPairFromSeed(signer.seed).publicKey);
}

interface KeyTextParts {
  readonly name: string;
  readonly keyId: string;
  readonly encoded: string;
}

function splitKeyText(text: string): KeyTextParts | undefined {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) return undefined;
  const parts = { name: text.slice(0, first), keyId: text.slice(first + 1, second), encoded: text.slice(second + 1) };
  return isValidKeyName(parts.name) && KEY_ID_HEX.test(parts.keyId) ? parts : undefined;
}

/** Checks the key ID over the typed key exactly as written, then the type and length. */
function checkTypedKey(parts: KeyTextParts): Result<Uint8Array> {
  const material = fromBase64(parts.encoded);
  if (material === undefined || material.length === 0) return malformed('the key is not standard base64');
  if (bytesToHex(keyIdOf(parts.name, material)) !== parts.keyId) return malformed('the key ID does not match the key');
  return typedKeyBytes(material);
}

/** The 32 key bytes of 0x01 || key, or why not. */
function typedKeyBytes(material: Uint8Array): Result<Uint8Array> {
  if (material[0] !== ED25519_SIGNATURE_TYPE) return malformed(`unsupported signature type 0x${bytesToHex(material.subarray(0, 1))}`);
  if (material.length !== ED25519_KEY_BYTES + 1) return malformed('an Ed25519 key is 32 bytes');
  return ok(material.slice(1));
}
