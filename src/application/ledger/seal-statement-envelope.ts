// Sealing the envelope of a statement the API took as canonical text. The generic
// sealAndEncode canonicalizes the whole envelope, statement included; here the
// statement's members are not walked again: parseStatement accepted the text only
// because it IS the canonical form of the statement, so it is spliced in as it is.
// The other members are written in RFC 8785 order (UTF-16 order of the names: hash,
// prevHash, recordedAt, result, revision, signature, statement, stream, type, v), each
// value through canonicalize. The result is byte for byte sealAndEncode's (a property
// test holds them equal), and so is the hash the verifier recomputes.
import { hash as nodeHash } from 'node:crypto';
import type { JsonValue } from '../../integrity/jcs';
import { canonicalize } from '../../integrity/jcs';
import type { Envelope, UnsealedEnvelope } from '../../integrity/envelope';

/** `statementText` must be the canonical text of `envelope.statement` (parseStatement's text). */
export function sealWithStatementText(envelope: UnsealedEnvelope, statementText: string): { envelope: Envelope; text: string } {
  const result = envelope.result === undefined ? '' : `,"result":${canonicalize(envelope.result as JsonValue)}`;
  const hashed =
    `{"prevHash":${canonicalize(envelope.prevHash)},"recordedAt":${canonicalize(envelope.recordedAt)}${result}` +
    `,"revision":${canonicalize(envelope.revision)},"signature":${canonicalize(envelope.signature)}` +
    `,"statement":${statementText},"stream":${canonicalize(envelope.stream)},"type":${canonicalize(envelope.type)},"v":${canonicalize(envelope.v)}}`;
  // SHA-256 over the UTF-8 bytes, straight from the string (no intermediate byte array).
  const hash = nodeHash('sha256', hashed, 'hex');
  const sealed: Envelope = { ...envelope, hash };
  return { envelope: sealed, text: `{"hash":"${hash}",${hashed.slice(1)}` };
}
