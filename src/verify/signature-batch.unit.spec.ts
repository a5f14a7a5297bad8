// Inline checks and packed batches (what worker threads, or the main thread when they
// are busy, verify) give every job the same verdict: good, bad, stale key, signature
// text that is not strict base64url, and messages with non-ASCII text; with native
// libsodium confirming accepts and with OpenSSL alone.
import * as ed from '@noble/ed25519';
import { checkPublicKey, generateKeyPair, sign, type PublicKey } from '../integrity/ed25519';
import { loadNativeEd25519, type NativeEd25519 } from '../integrity/ed25519/sodium-native';
import { toBase64Url } from '../integrity/bytes';
import { signWithTorsionedR } from '../../test/support/crafted-signatures';
import { signingMessage } from '../integrity/statement';
import { BatchBuilder, KeyIds, verdictOf, type SignatureJob } from './signature-check';
import { KeyObjects, verifyBatch, writeSignature } from './signature-batch';

function key(): { seed: Uint8Array; key: PublicKey } {
  const pair = generateKeyPair();
  const checked = checkPublicKey(pair.publicKey);
  if (!checked.ok) throw new Error('key refused');
  return { seed: pair.seed, key: checked.value };
}

const [alice, old, other] = [key(), key(), key()];
const text = (i: number) => `{"body":{"n":${i},"s":"é ☃ 𝄞"},"nonce":"n${i}"}`;
const signed = (by: { seed: Uint8Array }, t: string) => toBase64Url(sign(by.seed, signingMessage(t)));

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

test('inline verdicts', () => {
  const verdicts = jobs().map(verdictOf);
  expect(verdicts.slice(0, 8)).toEqual(['ok', 'bad', 'old_key', 'bad', 'bad', 'bad', 'ok', 'ok']);
});

const engines: [string, NativeEd25519 | undefined][] = [
  ['libsodium first', loadNativeEd25519({})],
  ['OpenSSL alone', undefined],
];

describe.each(engines)('%s', (_name, native) => {
  test('a packed batch fails exactly the jobs inline checks fail, sending each key once', () => {
    const list = jobs();
    const expected = failuresOf(list);
    const ids = new KeyIds();
    const known = new Set<number>();
    const keys = new KeyObjects();
    const first = new BatchBuilder();
    const second = new BatchBuilder();
    list.slice(0, 20).forEach((j) => first.add(j, ids));
    list.slice(20).forEach((j) => second.add(j, ids));
    const a = first.pack(known);
    const b = second.pack(known);
    expect(a.newKeys.map((k) => k.id).sort()).toEqual([0, 1, 2]);
    expect(b.newKeys).toEqual([]);
    expect([...verifyBatch(a, keys, native), ...verifyBatch(b, keys, native)]).toEqual(expected);
  });

  test('KeyObjects past the bound are dropped and made again from the bytes, with the same verdicts', () => {
    const list = jobs();
    const expected = failuresOf(list);
    const ids = new KeyIds();
    const keys = new KeyObjects(1);
    const known = new Set<number>();
    const failures = list.flatMap((j) => {
      const b = new BatchBuilder();
      b.add(j, ids);
      return verifyBatch(b.pack(known), keys, native);
    });
    expect(failures).toEqual(expected);
    expect(keys.held).toBe(1);
    expect(() => keys.get(99)).toThrow(/never sent/);
  });

  test('a batch grows past its first buffer for long statements', () => {
    const ids = new KeyIds();
    const builder = new BatchBuilder();
    const long = `{"body":"${'ü'.repeat(300_000)}"}`;
    builder.add({ position: 0, key: alice.key, statementText: text(0), signature: signed(alice, text(0)) }, ids);
    builder.add({ position: 1, key: alice.key, statementText: long, signature: signed(alice, long) }, ids);
    builder.add({ position: 2, key: alice.key, statementText: text(2), signature: signed(other, text(2)) }, ids);
    expect(verifyBatch(builder.pack(new Set()), new KeyObjects(), native)).toEqual([{ position: 2, verdict: 'bad' }]);
  });

  // libsodium refuses an R of small order, the identity included; Writ's policy accepts the
  // identity (docs/ed25519-policy.md, CCTV 304), so OpenSSL's verdict must be the one kept.
  test('a signature whose R is the identity point is accepted (libsodium refuses it, OpenSSL decides)', () => {
    const t = text(7);
    const signature = toBase64Url(signWithTorsionedR(alice.seed, signingMessage(t), 0n, ed.Point.ZERO));
    expect(signature.startsWith('AQAAAAAA')).toBe(true);
    const builder = new BatchBuilder();
    builder.add({ position: 0, key: alice.key, statementText: t, signature }, new KeyIds());
    expect(verifyBatch(builder.pack(new Set()), new KeyObjects(), native)).toEqual([]);
    expect(verdictOf({ position: 0, key: alice.key, statementText: t, signature })).toBe('ok');
  });

  test(`valid signatures ${native ? 'make no KeyObject: libsodium accepted them' : 'are judged through KeyObjects'}`, () => {
    const builder = new BatchBuilder();
    const ids = new KeyIds();
    for (let i = 0; i < 4; i++) builder.add({ position: i, key: [alice, other][i % 2]!.key, statementText: text(i), signature: signed([alice, other][i % 2]!, text(i)) }, ids);
    const keys = new KeyObjects();
    expect(verifyBatch(builder.pack(new Set()), keys, native)).toEqual([]);
    expect(keys.held).toBe(native ? 0 : 2);
  });
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


/** What a batch reports for these jobs: each failing job's position and verdict, as inline checks give them. */
function failuresOf(list: ReturnType<typeof jobs>) {
  return list.flatMap((j) => {
    const v = verdictOf(j);
    return v === 'ok' ? [] : [{ position: j.position, verdict: v }];
  });
}
