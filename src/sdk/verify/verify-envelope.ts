// The optional half of receipt checking: given the envelope itself (from `event(position)`
// or an export), show that the receipt is about it. Its recomputed hash must be the
// receipt's envelopeHash (which the inclusion proof ties to the signed checkpoint), its
// stream, revision, type and result must be the receipt's, and, given the actor's key,
// its statement must carry the actor's signature.
import { ok, problem, type Problem, type Result } from '../../errors/problem';
import { nobleVerifier, checkPublicKey } from '../../integrity/ed25519';
import { computeEnvelopeHash, envelopeFromJson, parseEnvelope, type Envelope } from '../../integrity/envelope';
import { canonicalize, type JsonValue } from '../../integrity/jcs';
import { encodeStatement, verifyStatementSignature } from '../../integrity/statement';
import type { Receipt } from '../receipt';
import { isBytes, type PublicKeyInput } from '../key-input';
import { decodePublicKey } from '../keys';
import { under } from './paths';
import { refuse } from './refuse';

/** Precondition: `receipt` passed receiptProblems. `envelope` is attacker-controlled. */
export function checkEnvelope(receipt: Receipt, envelope: string | object, actorKey?: PublicKeyInput): Result<Envelope> {
  const parsed = typeof envelope === 'string' ? parseEnvelope(envelope) : envelopeFromJson(envelope as JsonValue);
  if (!parsed.ok) return refuse(under('envelope', parsed.problems));
  const problems = [...hashProblems(parsed.value, receipt), ...fieldMismatches(parsed.value, receipt)];
  if (problems.length === 0 && actorKey !== undefined) problems.push(...signatureProblems(parsed.value, actorKey));
  return problems.length > 0 ? refuse(problems) : ok(parsed.value);
}

function hashProblems(envelope: Envelope, receipt: Receipt): Problem[] {
  const computed = canonicalOrUndefined(() => computeEnvelopeHash(envelope));
  if (computed !== envelope.hash) {
    return [problem('envelope.bad_hash', 'the envelope does not hash to its own hash field', 'envelope.hash', { computed })];
  }
  if (envelope.hash !== receipt.envelopeHash) {
    return [problem('receipt.mismatch', 'the envelope is not the one the receipt names', 'envelopeHash', { envelopeHash: envelope.hash })];
  }
  return [];
}

function fieldMismatches(envelope: Envelope, receipt: Receipt): Problem[] {
  const pairs: [string, unknown, unknown][] = [
    ['stream', envelope.stream, receipt.stream],
    ['revision', envelope.revision, receipt.revision],
    ['type', envelope.type, receipt.type],
    ['result', resultText(envelope.result), resultText(receipt.result ?? undefined)],
  ];
  return pairs
    .filter(([, inEnvelope, inReceipt]) => inEnvelope !== inReceipt)
    .map(([field]) => problem('receipt.mismatch', `the receipt's ${field} is not the envelope's`, field));
}

function signatureProblems(envelope: Envelope, actorKey: PublicKeyInput): Problem[] {
  const bytes = typeof actorKey === 'string' ? decodePublicKey(actorKey, 'actorKey') : ok(isBytes(actorKey) ? actorKey : actorKey.publicKey);
  if (!bytes.ok) return [...bytes.problems];
  if (!isBytes(bytes.value)) return [problem('key.malformed', 'actorKey is base64url text, 32 bytes or keys with a publicKey', 'actorKey')];
  const key = checkPublicKey(bytes.value);
  if (!key.ok) return under('actorKey', key.problems);
  const text = canonicalOrUndefined(() => encodeStatement(envelope.statement));
  if (text !== undefined && verifyStatementSignature(nobleVerifier, key.value, text, envelope.signature)) return [];
  return [problem('statement.bad_signature', 'the statement is not signed by the given actor key', 'envelope.signature')];
}

/**
 * Results compare by canonical text. GraphQL writes an absent result as null, so the
 * receipt's null means absent (`?? undefined` above); a value with no JSON form gets a
 * fresh symbol, which equals nothing.
 */
function resultText(result: unknown): string | symbol | undefined {
  if (result === undefined) return undefined;
  return canonicalOrUndefined(() => canonicalize(result as JsonValue)) ?? Symbol('no JSON form');
}

/** undefined when JCS refuses the value (it has no JSON form). */
function canonicalOrUndefined(f: () => string): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
