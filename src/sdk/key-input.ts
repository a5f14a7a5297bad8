// What generateKeys() returns is what the rest of the SDK takes. Where a statement
// expects a public key (a `publicKey` member: base64url text on the wire), the builders
// also take the keys themselves or the public key's bytes and write the text; sign()
// takes the keys or their seed. Anything else is refused with a TypeError that names the
// field to use. The check matters beyond convenience: keys hold the secret seed, and a
// keys object serialized into a statement would publish it in the ledger.
import { toBase64Url } from '../integrity/bytes';

const KEY_BYTES = 32;

/** A public key as a statement body takes it: base64url text, its 32 bytes, or keys holding it. */
export type PublicKeyInput = string | Uint8Array | { readonly publicKey: Uint8Array };

/** What signs: the keys from generateKeys / keysFromSeed / importKeys(...).value, or their 32-byte seed. */
export type SigningKey = Uint8Array | { readonly seed: Uint8Array };

/** A body type with every `publicKey` member widened to PublicKeyInput (what the builders take). */
export type WithKeyInputs<B> = { [K in keyof B]: K extends 'publicKey' ? PublicKeyInput : B[K] };

/** True for a Uint8Array from any realm (a Buffer too): `instanceof` fails across realms. */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]');
}

/** The seed to sign with, or a TypeError (its message led by `who`) saying what to pass instead. */
export function seedOf(key: unknown, who = 'sign()'): Uint8Array {
  const seed = isBytes(key) ? key : (key as { seed?: unknown } | null | undefined)?.seed;
  if (isBytes(seed) && seed.length === KEY_BYTES) return seed;
  throw new TypeError(`${who}: ${signingKeyHint(key, seed)}`);
}

function signingKeyHint(key: unknown, seed: unknown): string {
  const wanted = 'pass the actor\'s keys (generateKeys(), keysFromSeed(), importKeys(...).value) or their 32-byte `seed`';
  if (typeof key === 'string') return `got text, which cannot sign (a public key never can): ${wanted}`;
  if (isBytes(seed)) return `a seed is ${KEY_BYTES} bytes, got ${seed.length}: ${wanted}`;
  if (typeof key === 'object' && key !== null && 'ok' in key) return 'got a Result: check importKeys(...).ok, then pass its `value`';
  if (typeof key === 'object' && key !== null && 'publicKey' in key) return `these keys have no \`seed\` (a public key cannot sign): ${wanted}`;
  return wanted;
}

/**
 * A statement body as JSON data: members set to undefined dropped (TypeScript's
 * "absent"; JCS refuses undefined rather than guess), `publicKey` members given as keys
 * or bytes turned into base64url text, and any other bytes or keys refused by path.
 * Undefined array elements are kept and refused when signing: dropping would shift indexes.
 */
export function plainBody<T>(value: T, path = 'body'): T {
  if (Array.isArray(value)) return value.map((item, i) => plainBody(item, `${path}[${i}]`)) as T;
  if (isBytes(value)) throw new TypeError(`${path}: bytes have no JSON form; statements carry them as base64url text`);
  if (!isPlainObject(value)) return value;
  if (isBytes(value['seed'])) throw new TypeError(`${path}: keys hold a secret seed and never go into a statement; pass keys.publicKeyBase64Url for the public key`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, k === 'publicKey' ? publicKeyText(v, `${path}.${k}`) : plainBody(v, `${path}.${k}`)])) as T;
}

function publicKeyText(value: unknown, path: string): unknown {
  // Text, null and other non-objects are the ledger's to judge (it names the field too).
  if (typeof value !== 'object' || value === null) return value;
  const bytes = isBytes(value) ? value : (value as { publicKey?: unknown }).publicKey;
  if (!isBytes(bytes)) return plainBody(value, path);
  if (bytes.length === KEY_BYTES) return toBase64Url(bytes);
  throw new TypeError(`${path}: a public key is 32 bytes, got ${bytes.length}; pass keys.publicKeyBase64Url or the keys themselves`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
