// Public keys travel as base64url (architecture.md). A key is checked against the
// Ed25519 policy once, when it is registered; the checked key is kept in the state so
// that signature checks do no key work. Decide and evolve both need the checked key for
// the same event, so a small memo spares the second curve check.
import { err, problem, type Result } from '../../errors/problem';
import { fromBase64Url } from '../../integrity/bytes';
import { checkPublicKey, type PublicKey } from '../../integrity/ed25519';

const MEMO_LIMIT = 256;
const memo = new Map<string, Result<PublicKey>>();

/** Decodes and checks an attacker-supplied base64url public key; memoized (pure). */
export function readPublicKey(encoded: string, path = ''): Result<PublicKey> {
  const known = memo.get(encoded);
  const result = known ?? decode(encoded);
  if (known === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(encoded, result);
  }
  if (result.ok || path === '') return result;
  const [first, ...rest] = result.problems.map((p) => ({ ...p, path }));
  return err(first!, ...rest);
}

function decode(encoded: string): Result<PublicKey> {
  const bytes = fromBase64Url(encoded);
  if (bytes === undefined) return err(problem('key.malformed', 'a public key is base64url without padding'));
  return checkPublicKey(bytes);
}

/** The checked key for an encoding the domain accepted before, or undefined. */
export function checkedKey(encoded: string): PublicKey | undefined {
  const result = readPublicKey(encoded);
  return result.ok ? result.value : undefined;
}
