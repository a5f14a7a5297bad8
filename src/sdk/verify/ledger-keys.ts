// Which ledger keys a verifier trusts. Callers pass the ledger's C2SP verifier key text
// (`<name>+<key id>+<base64>`, as `writ init` prints it and the service reports it), or
// several across a key rotation, or keys already parsed.
import { err, ok, type Problem, type Result } from '../../errors/problem';
import { parseVerifierKey, type NoteVerifierKey } from '../../integrity/checkpoint';

export type LedgerKey = string | NoteVerifierKey;
export type LedgerKeys = LedgerKey | readonly LedgerKey[];

/** Parses every key given; a malformed key is reported with its index in the list. */
export function trustedKeys(keys: LedgerKeys): Result<NoteVerifierKey[]> {
  const list: readonly LedgerKey[] = typeof keys === 'string' || !Array.isArray(keys) ? [keys as LedgerKey] : keys;
  const parsed: NoteVerifierKey[] = [];
  const problems: Problem[] = [];
  list.forEach((key, i) => {
    if (typeof key !== 'string') return void parsed.push(key);
    const result = parseVerifierKey(key);
    if (result.ok) parsed.push(result.value);
    else problems.push(...result.problems.map((p) => ({ ...p, path: list.length > 1 ? `ledgerKeys[${i}]` : 'ledgerKey' })));
  });
  return problems.length > 0 ? err(problems[0]!, ...problems.slice(1)) : ok(parsed);
}
