// Integrity-core figures (issue 3): JCS, statement signing and verification on both
// paths, envelope sealing, Merkle appends and proofs, each beside its bare primitive.
import { createPublicKey, sign as nodeSign, verify as nodeVerify, hash as nodeHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as noble from '@noble/ed25519';
import { canonicalize, type JsonValue } from '../src/integrity/jcs';
import { checkPublicKey, generateKeyPair, nobleVerifier, sign } from '../src/integrity/ed25519';
import { nodeVerifier } from '../src/integrity/ed25519/node-verifier';
import { currentKeyPolicyCheck, useKeyPolicyCheck } from '../src/integrity/ed25519/public-key';
import { encodeStatement, signingMessage, signStatement, verifyStatementSignature, type Statement } from '../src/integrity/statement';
import { sealEnvelope, GENESIS_PREV_HASH } from '../src/integrity/envelope';
import { MerkleTree } from '../src/integrity/merkle';
import { streamRevision, leafIndex, treeSize } from '../src/integrity/brands';
import { fromBase64Url, utf8ToBytes } from '../src/integrity/bytes';
import { measure, measurePaired, type Row } from './harness';
import type { Ceilings } from './ceilings';
import { stateMapRows } from './state-map.bench';

const statement: Statement = {
  v: 1,
  ledgerId: '0192b3c4-1111-7000-8000-00000000000a',
  type: 'delegation.granted',
  actor: '0192b3c4-2222-7000-8000-00000000000b',
  nonce: '0192b3c4-3333-7000-8000-00000000000c',
  issuedAt: '2026-11-24T10:00:00.000Z',
  body: {
    delegationId: '0192b3c4-4444-7000-8000-00000000000d',
    delegatee: '0192b3c4-5555-7000-8000-00000000000e',
    parentDelegationId: '0192b3c4-6666-7000-8000-00000000000f',
    purpose: 'procurement of office supplies',
    notBefore: '2026-11-24T10:00:00.000Z',
    notAfter: '2026-12-24T10:00:00.000Z',
    depth: 2,
    capabilities: [
      { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50000, approvalAbove: 10000, rate: { max: 20, perSeconds: 3600 } } },
      { resource: 'erp://vendors/*', actions: ['read'] },
    ],
  },
};

export function integrityBench(ceilings: Ceilings): Row[] {
  return [...jcsRows(), ...signatureRows(), ...merkleRows(ceilings), ...stateMapRows()];
}

function jcsRows(): Row[] {
  const value = statement as unknown as JsonValue;
  const bare = measure('JSON.stringify (same value)', () => JSON.stringify(value));
  return [{ ...measure('JCS canonicalize a statement', () => canonicalize(value)), ceiling: bare }];
}

function signatureRows(): Row[] {
  const keys = generateKeyPair();
  const checked = checkPublicKey(keys.publicKey);
  if (!checked.ok) throw new Error('key refused');
  const signed = signStatement(statement, keys.seed);
  const message = signingMessage(signed.statement);
  const sig = fromBase64Url(signed.signature)!;
  const bareNobleSign = measure('bare noble sign', () => noble.sign(message, keys.seed), 1500, 10);
  const bareNobleVerify = measure('bare noble verify', () => noble.verify(sig, message, keys.publicKey, { zip215: false }), 1500, 5);
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keys.publicKey).toString('base64url') }, format: 'jwk' });
  return [
    { ...measure('statement sign (noble, SDK path)', () => signStatement(statement, keys.seed), 1500, 10), ceiling: bareNobleSign },
    {
      // The figure: the policy checks plus the verify, on the same bytes as the bare one.
      ...measurePaired(
        'policy-checked verify (Node path, key checked once)',
        () => nodeVerifier.verify(checked.value, message, sig),
        'bare Node verify (same message)',
        () => nodeVerify(null, message, keyObject, sig),
        { batch: 20 },
      ),
      target: 0.9,
    },
    {
      ...measurePaired(
        'statement verify incl. building the signed message and decoding the signature',
        () => verifyStatementSignature(nodeVerifier, checked.value, signed.statement, signed.signature),
        'bare Node verify (same message)',
        () => nodeVerify(null, message, keyObject, sig),
        { batch: 20 },
      ),
    },
    { ...measure('statement verify, policy-checked (noble path)', () => verifyStatementSignature(nobleVerifier, checked.value, signed.statement, signed.signature), 1500, 5), ceiling: bareNobleVerify },
    // A new key costs one policy check at registration (and again in every offline
    // verification): libsodium's when installed (run.ts does), noble's otherwise.
    { ...measure('public-key policy check of a new key (libsodium, as installed)', () => checkPublicKey(keys.publicKey), 500, 5), ceiling: bareNodeVerify(message, keyObject, sig) },
    { ...measure('public-key policy check of a new key (noble only, portable)', () => withoutKeyPolicyCheck(() => checkPublicKey(keys.publicKey)), 300, 3), ceiling: bareNodeVerify(message, keyObject, sig) },
    { ...measure('ledger sign (noble) of a checkpoint-sized note', () => sign(keys.seed, utf8ToBytes('writ.local/x\n1000\nAAAA\n')), 1500, 10), ceiling: measure('bare Node sign', () => nodeSign(null, message, generated.privateKey), 1500, 10) },
  ];
}

const generated = generateKeyPairSync('ed25519');

const bareNodeVerify = (message: Uint8Array, key: KeyObject, sig: Uint8Array): Row => measure('bare Node verify (same message)', () => nodeVerify(null, message, key, sig), 500, 5);

/** Runs `fn` with the portable key check alone, then puts back whatever was installed. */
function withoutKeyPolicyCheck<T>(fn: () => T): T {
  const installed = currentKeyPolicyCheck();
  useKeyPolicyCheck(undefined);
  try {
    return fn();
  } finally {
    useKeyPolicyCheck(installed);
  }
}

function merkleRows(ceilings: Ceilings): Row[] {
  const envelopeText = encodeStatement(statement);
  const bareSeal = measure('bare SHA-256 of the same bytes', () => nodeHash('sha256', envelopeText, 'buffer'));
  const seal = measure('envelope seal (JCS + SHA-256)', () =>
    sealEnvelope({ v: 1, stream: 'delegation-x', revision: streamRevision(0), prevHash: GENESIS_PREV_HASH, recordedAt: statement.issuedAt, type: statement.type, statement, signature: 'A'.repeat(86) }),
  );
  const leaf = new Uint8Array(32);
  const tree = new MerkleTree();
  let n = 0;
  const pairLeaf = new Uint8Array(33);
  const pairNode = new Uint8Array(65);
  const append = measurePaired(
    'Merkle append of an envelope hash (1 leaf + 1 node hash amortized, nodes kept in memory)',
    () => {
      leaf[0] = n++ & 0xff;
      tree.append(leaf);
    },
    'bare SHA-256 of 33 B + 65 B',
    () => {
      nodeHash('sha256', pairLeaf, 'buffer');
      nodeHash('sha256', pairNode, 'buffer');
    },
    { batch: 1000 },
  );
  const size = tree.size;
  let i = 0;
  const proof = measure(`Merkle inclusion proof (tree of ${size.toLocaleString('en-US')})`, () => {
    i = (i + 7919) % size;
    tree.inclusionProof(leafIndex(i), treeSize(size));
  });
  const log2 = Math.ceil(Math.log2(size));
  return [
    { ...seal, ceiling: bareSeal },
    { ...append, target: 0.8 },
    { ...proof, ceiling: ceilings.sha256, ceilingOpsPerOp: log2, note: `ceiling: ${log2} hashes per proof, an upper bound on the ragged edge` },
  ];
}
