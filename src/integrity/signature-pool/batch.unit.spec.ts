// Batches (what worker threads, or the main thread, verify) give every job the policy's
// verdict (nodeVerifier's): good, bad, stale key, signature text that is not strict
// base64url, and messages with non-ASCII text; with native libsodium confirming accepts
// and with OpenSSL alone. What the policy refuses on its bytes never enters a batch.
import * as ed from '@noble/ed25519';
import { fromBase64Url, toBase64Url } from '../bytes';
import type { PublicKey } from '../ed25519';
import { nodeVerifier } from '../ed25519/node-verifier';
import { loadNativeEd25519, type NativeEd25519 } from '../ed25519/sodium-native';
import { signingMessage } from '../statement';
import { signWithTorsionedR } from '../../../test/support/crafted-signatures';
import { BATCH_CAPACITY, BatchBuilder, writeSignature, type SignatureFailure, type SignatureJob } from './batch';
import { KeyObjects, KeyRegistry } from './keys';
import { verifyBatch } from './verify-batch';
import { checkedSigner, signedText } from '../../../test/support/signers';

const [alice, old, other] = [checkedSigner(), checkedSigner(), checkedSigner()];
const text = (i: number) => `{"body":{"n":${i},"s":"é ☃ 𝄞"},"nonce":"n${i}"}`;
const signed = signedText;

function jobs(): SignatureJob[] {
  const list: SignatureJob[] = [];
  for (let i = 0; i < 40; i++) {
    const t = text(i);
    const base = { position: i, key: alice.key, statementText: t };
    switch (i % 8) {
      case 1:
        list.push({ ...base, signature: signed(other, t) }); // bad
        break;
      case 2:
        list.push({ ...base, signature: signed(old, t), pastKeys: [other.key, old.key] }); // stale key
        break;
      case 3:
        list.push({ ...base, signature: `${signed(alice, t)}=` }); // padded: not strict base64url
        break;
      case 4:
        list.push({ ...base, signature: signed(alice, t).slice(0, 85) + 'B' }); // stray low bits
        break;
      case 5:
        list.push({ ...base, signature: signed(alice, text(i + 1)) }); // another message
        break;
      default:
        list.push({ ...base, signature: signed(alice, t) });
    }
  }
  return list;
}

/** The policy's verdict on one job, through the Node verifier on this thread. */
function policyVerdict(j: SignatureJob): 'ok' | SignatureFailure['verdict'] {
  const sig = fromBase64Url(j.signature);
  const verifies = (k: PublicKey) => sig !== undefined && nodeVerifier.verify(k, signingMessage(j.statementText), sig);
  if (verifies(j.key)) return 'ok';
  return j.pastKeys?.some(verifies) ? 'old_key' : 'bad';
}

function expectedFailures(list: readonly SignatureJob[]): SignatureFailure[] {
  return list.flatMap((j) => {
    const v = policyVerdict(j);
    return v === 'ok' ? [] : [{ position: j.position, verdict: v }];
  });
}

/** Adds `list`; the jobs `add` refuses are failures of their own (bad), as the pool's users report them. */
function fill(builder: BatchBuilder, list: readonly SignatureJob[]): SignatureFailure[] {
  return list.flatMap((j) => (builder.add(j) ? [] : [{ position: j.position, verdict: 'bad' as const }]));
}

const byPosition = (a: SignatureFailure, b: SignatureFailure) => a.position - b.position;

test('the jobs policy refuses on their bytes are not added: not strict base64url, not 64 bytes, S >= L, an unchecked key', () => {
  const registry = new KeyRegistry();
  const builder = new BatchBuilder(registry);
  const good = signed(alice, text(0));
  const sig = fromBase64Url(good)!;
  const sPlusL = sig.slice();
  // S = L: the smallest S the policy refuses.
  const L = ed.Point.CURVE().n;
  for (let i = 0; i < 32; i++) sPlusL[32 + i] = Number((L >> BigInt(8 * i)) & 0xffn);
  const refused = [`${good}=`, good.slice(0, 85), '', toBase64Url(sPlusL)];
  for (const signature of refused) expect(builder.add({ position: 0, key: alice.key, statementText: text(0), signature })).toBe(false);
  expect(builder.add({ position: 0, key: { ...alice.key } as PublicKey, statementText: text(0), signature: good })).toBe(false);
  expect(builder.count).toBe(0);
  expect(builder.add({ position: 0, key: alice.key, statementText: text(0), signature: good })).toBe(true);
  expect(builder.count).toBe(1);
});

const engines: [string, NativeEd25519 | undefined][] = [
  ['libsodium first', loadNativeEd25519({})],
  ['OpenSSL alone', undefined],
];

describe.each(engines)('%s', (_name, native) => {
  test('batches fail exactly the jobs the policy fails, sending each key once to a thread', () => {
    const list = jobs();
    const registry = new KeyRegistry();
    const known = new Set<number>();
    const worker = new KeyObjects();
    const builder = new BatchBuilder(registry);
    const refused = fill(builder, list.slice(0, 20));
    const a = builder.copyFor(known);
    builder.clear();
    refused.push(...fill(builder, list.slice(20)));
    const b = builder.copyFor(known);
    expect(a.newKeys.map((k) => k.id).sort()).toEqual([0, 1, 2]);
    expect(b.newKeys).toEqual([]);
    expect([...refused, ...verifyBatch(a, worker, native), ...verifyBatch(b, worker, native)].sort(byPosition)).toEqual(expectedFailures(list));
  });

  test('the main thread checks a batch in place with keys it numbered itself; a copy outlives the builder being refilled', () => {
    const list = jobs();
    const registry = new KeyRegistry();
    const builder = new BatchBuilder(registry);
    const refused = fill(builder, list.slice(0, 20));
    const copy = builder.copyFor(new Set());
    const inPlace = verifyBatch(builder.view(), registry.objects, native);
    builder.clear();
    // The builder's buffers now hold other jobs; the copy (kept by the pool while a worker has it) is unchanged.
    fill(builder, list.slice(20).map((j) => ({ ...j, signature: signed(other, j.statementText) })));
    const expected = expectedFailures(list.slice(0, 20));
    expect([...refused, ...inPlace].sort(byPosition)).toEqual(expected);
    expect([...refused, ...verifyBatch(copy, registry.objects, native)].sort(byPosition)).toEqual(expected);
  });

  test('KeyObjects past the bound are dropped and made again from the bytes, with the same verdicts', () => {
    const list = jobs();
    const registry = new KeyRegistry();
    const keys = new KeyObjects(1);
    const known = new Set<number>();
    const builder = new BatchBuilder(registry);
    const failures = list.flatMap((j) => {
      const refused = fill(builder, [j]);
      const out = [...refused, ...verifyBatch(builder.copyFor(known), keys, native)];
      builder.clear();
      return out;
    });
    expect(failures).toEqual(expectedFailures(list));
    expect(keys.held).toBe(1);
    expect(() => keys.get(99)).toThrow(/never sent/);
  });

  test('a batch grows past its first buffer for long statements', () => {
    const builder = new BatchBuilder(new KeyRegistry());
    const long = `{"body":"${'ü'.repeat(300_000)}"}`;
    fill(builder, [
      { position: 0, key: alice.key, statementText: text(0), signature: signed(alice, text(0)) },
      { position: 1, key: alice.key, statementText: long, signature: signed(alice, long) },
      { position: 2, key: alice.key, statementText: text(2), signature: signed(other, text(2)) },
    ]);
    expect(verifyBatch(builder.copyFor(new Set()), new KeyObjects(), native)).toEqual([{ position: 2, verdict: 'bad' }]);
  });

  // libsodium refuses an R of small order, the identity included; Writ's policy accepts the
  // identity (docs/ed25519-policy.md, CCTV 304), and OpenSSL's verdict on it depends on its version: noble judges it.
  test('a signature whose R is the identity point is accepted (libsodium refuses it, noble decides)', () => {
    const t = text(7);
    const signature = toBase64Url(signWithTorsionedR(alice.seed, signingMessage(t), 0n, ed.Point.ZERO));
    expect(signature.startsWith('AQAAAAAA')).toBe(true);
    const builder = new BatchBuilder(new KeyRegistry());
    builder.add({ position: 0, key: alice.key, statementText: t, signature });
    builder.add({ position: 1, key: alice.key, statementText: text(8), signature });
    expect(verifyBatch(builder.copyFor(new Set()), new KeyObjects(), native)).toEqual([{ position: 1, verdict: 'bad' }]);
  });

  test(`valid signatures ${native ? 'make no KeyObject: libsodium accepted them' : 'are judged through KeyObjects'}`, () => {
    const builder = new BatchBuilder(new KeyRegistry());
    for (let i = 0; i < 4; i++) builder.add({ position: i, key: [alice, other][i % 2]!.key, statementText: text(i), signature: signed([alice, other][i % 2]!, text(i)) });
    const keys = new KeyObjects();
    expect(verifyBatch(builder.copyFor(new Set()), keys, native)).toEqual([]);
    expect(keys.held).toBe(native ? 0 : 2);
  });
});

test(`a batch holds ${BATCH_CAPACITY} jobs`, () => {
  const builder = new BatchBuilder(new KeyRegistry());
  const job = { position: 0, key: alice.key, statementText: text(0), signature: signed(alice, text(0)) };
  for (let i = 0; i < BATCH_CAPACITY; i++) expect(builder.add(job)).toBe(true);
  expect(builder.full).toBe(true);
  expect(() => builder.add(job)).toThrow(/full/);
});

test('only strict base64url of 64 bytes is written as a signature', () => {
  const into = Buffer.alloc(64);
  const good = signed(alice, 'x');
  expect(writeSignature(good, into, 0)).toBe(true);
  expect(toBase64Url(into)).toBe(good);
  for (const bad of ['', good.slice(1), `${good}A`, good.replace(/.$/, 'R'), good.replace(/^./, '+'), `${good.slice(0, 84)}==`]) {
    expect(writeSignature(bad, Buffer.alloc(64), 0)).toBe(false);
  }
});
