// Key files under the data directory: created once, private to the owner (0600), in
// the one format the SDK reads and writes too (src/sdk/key-file.ts).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair } from '../../integrity/ed25519';
import { formatKeyFile, parseKeyFile, type KeyFileKeys } from '../../sdk/key-file';

export function readKeyFile(path: string): KeyFileKeys {
  const parsed = parseKeyFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.problems.map((p) => `${p.path || 'file'}: ${p.message}`).join('; ')}`);
  return parsed.value;
}

/** Writes a new key file; refuses to overwrite one (a lost ledger key cannot be redone). */
export function writeNewKeyFile(path: string, id?: string): KeyFileKeys {
  if (existsSync(path)) throw new Error(`${path} already exists; refusing to overwrite a key`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { seed } = generateKeyPair();
  writeFileSync(path, formatKeyFile(seed, id), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600); // the umask may have narrowed nothing, but never widen
  return readKeyFile(path);
}
