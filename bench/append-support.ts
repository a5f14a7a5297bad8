// What the appends benchmarks share: statements signed with Node's Ed25519 (byte-identical
// to the SDK's noble signatures, and much faster to make), submitted straight into the
// runtime, and the bare verify rate of this moment.
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import type { LedgerRuntime } from '../src/application/ledger/ledger-runtime';
import type { LedgerSigner } from '../src/application/ledger/ledger-signer';
import { toBase64Url } from '../src/integrity/bytes';
import { encodeStatement, signingMessage, type SignedStatement, type Statement } from '../src/integrity/statement';
import { measure } from './harness';

export function signWith(signer: LedgerSigner, statement: Statement): SignedStatement {
  const text = encodeStatement(statement);
  return { statement: text, signature: toBase64Url(signer.sign(signingMessage(text))) };
}

/** Submits into the runtime, all at once; throws on the first refusal. */
export async function submitAll(runtime: LedgerRuntime, signed: readonly SignedStatement[]): Promise<void> {
  const results = await Promise.all(signed.map((s) => runtime.submit(s)));
  const refused = results.find((r) => !r.ok);
  if (refused !== undefined && !refused.ok) throw new Error(`in-process append refused: ${JSON.stringify(refused.problems)}`);
}

const verifyKeys = generateKeyPairSync('ed25519');
const verifyMessage = Buffer.alloc(400, 7);
const verifySignature = nodeSign(null, verifyMessage, verifyKeys.privateKey);

/** Node's one-core Ed25519 verify rate now, as in ceilings.ts. */
export function verifyRate(): number {
  return measure('bare Node Ed25519 verify', () => nodeVerify(null, verifyMessage, verifyKeys.publicKey, verifySignature), 1000, 20).opsPerSecond;
}

