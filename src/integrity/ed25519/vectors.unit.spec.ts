// Every outside Ed25519 vector (RFC 8032, Wycheproof, speccheck, CCTV) through both
// verification paths (and the Node path with native libsodium confirming accepts). The policy's claim is that the paths give one verdict; the bare
// libraries' measured verdicts are re-checked too, which shows the agreement comes from
// the policy and not from the libraries.
import { createPublicKey, verify as nodeCryptoVerify } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { readSharedJson } from '../../../test/support/vectors';
import { equalBytes, hexToBytes, toBase64Url, utf8ToBytes } from '../bytes';
import { checkPublicKey, nobleVerifier, type Ed25519Verifier } from '.';
import { nodeVerifier } from './node-verifier';
import { acceleratedVerifier, loadNativeEd25519 } from './sodium-native';

type SetName = 'rfc8032' | 'wycheproof' | 'speccheck' | 'cctv';

interface Vector {
  readonly set: SetName;
  readonly id: string;
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  /** Wycheproof's expected result; RFC 8032 vectors are all valid. */
  readonly expected?: 'valid' | 'invalid';
  readonly flags: readonly string[];
}

interface RfcFile { vectors: { name: string; publicKey: string; message: string; signature: string }[] }
interface WycheproofTest { tcId: number; msg: string; sig: string; result: 'valid' | 'invalid'; flags: string[] }
interface WycheproofFile { testGroups: { publicKey: { pk: string }; tests: WycheproofTest[] }[] }
interface SpeccheckCase { message: string; pub_key: string; signature: string }
interface CctvVector { number: number; key: string; sig: string; msg: string; flags: string[] | null }

const ED = 'ed25519';

function loadRfc8032(): Vector[] {
  return readSharedJson<RfcFile>(ED, 'rfc8032-7.1.json').vectors.map((v) => ({
    set: 'rfc8032', id: v.name, publicKey: hexToBytes(v.publicKey), message: hexToBytes(v.message),
    signature: hexToBytes(v.signature), expected: 'valid', flags: [],
  }));
}

function loadWycheproof(): Vector[] {
  return readSharedJson<WycheproofFile>(ED, 'wycheproof', 'ed25519_test.json').testGroups.flatMap((g) =>
    g.tests.map((t) => ({
      set: 'wycheproof' as const, id: String(t.tcId), publicKey: hexToBytes(g.publicKey.pk),
      message: hexToBytes(t.msg), signature: hexToBytes(t.sig), expected: t.result, flags: t.flags,
    })),
  );
}

function loadSpeccheck(): Vector[] {
  return readSharedJson<SpeccheckCase[]>(ED, 'speccheck', 'cases.json').map((c, i) => ({
    set: 'speccheck', id: String(i), publicKey: hexToBytes(c.pub_key), message: hexToBytes(c.message),
    signature: hexToBytes(c.signature), flags: [],
  }));
}

function loadCctv(): Vector[] {
  return readSharedJson<CctvVector[]>(ED, 'cctv', 'ed25519vectors.json').map((v) => ({
    set: 'cctv', id: String(v.number), publicKey: hexToBytes(v.key), message: utf8ToBytes(v.msg),
    signature: hexToBytes(v.sig), flags: v.flags ?? [],
  }));
}

const vectors: Record<SetName, Vector[]> = {
  rfc8032: loadRfc8032(), wycheproof: loadWycheproof(), speccheck: loadSpeccheck(), cctv: loadCctv(),
};
const native = loadNativeEd25519({});
const sodiumNode = acceleratedVerifier(native);
/** noble, Node, and Node with libsodium first (sodium-native.ts): one verdict. */
const bothPaths = [nobleVerifier, nodeVerifier, sodiumNode];
const sizes: [SetName, number][] = [['rfc8032', 5], ['wycheproof', 151], ['speccheck', 12], ['cctv', 914]];
const speccheck = (i: number): Vector => vectors.speccheck[i]!;
/** The identity point's canonical encoding (y = 1). */
const IDENTITY = hexToBytes(`01${'00'.repeat(31)}`);

/** Writ's verdict on one path; a key refused by checkPublicKey counts as rejected. */
function writ(verifier: Ed25519Verifier, v: Vector): boolean {
  const key = checkPublicKey(v.publicKey);
  return key.ok && verifier.verify(key.value, v.message, v.signature);
}

const accepted = (verifier: Ed25519Verifier, set: SetName): string[] =>
  vectors[set].filter((v) => writ(verifier, v)).map((v) => v.id);

describe('Writ policy: one verdict on both paths', () => {
  test.each(sizes)('%s: all %i vectors, the noble and Node paths agree on every one', (set, size) => {
    expect(vectors[set]).toHaveLength(size);
    const split = vectors[set].filter((v) => writ(nobleVerifier, v) !== writ(nodeVerifier, v) || writ(sodiumNode, v) !== writ(nodeVerifier, v));
    expect(split.map((v) => v.id)).toEqual([]);
  });

  test('native libsodium loads here, and what it accepts the policy accepts', () => {
    expect(sodiumNode.name).toBe('sodium-native+node');
    for (const set of Object.keys(vectors) as SetName[]) {
      for (const v of vectors[set]) {
        const key = checkPublicKey(v.publicKey);
        if (key.ok && native!.accepts(v.signature, v.message, v.publicKey)) expect([set, v.id, writ(nodeVerifier, v)]).toEqual([set, v.id, true]);
      }
    }
  });

  // So the accelerated path does decide the common case, and its fallback is needed.
  test('native libsodium confirms every accepted vector but CCTV 304 (R is the identity), which OpenSSL accepts', () => {
    const refusedByNative = (Object.keys(vectors) as SetName[])
      .flatMap((set) => vectors[set].filter((v) => writ(nodeVerifier, v) && !native!.accepts(v.signature, v.message, v.publicKey)).map((v) => `${set} ${v.id}`));
    expect(refusedByNative).toEqual(['cctv 304']);
    expect(writ(sodiumNode, vectors.cctv.find((v) => v.id === '304')!)).toBe(true);
  });

  test('speccheck 3 (mixed-order key): native libsodium accepts it bare, so the key policy must come first', () => {
    const v = speccheck(3);
    expect(native!.accepts(v.signature, v.message, v.publicKey)).toBe(true);
    expect([checkPublicKey(v.publicKey).ok, writ(sodiumNode, v)]).toEqual([false, false]);
  });

  test.each(bothPaths)('$name path: Wycheproof valid vectors accepted, invalid refused', (verifier) => {
    const wrong = vectors.wycheproof.filter((v) => writ(verifier, v) !== (v.expected === 'valid'));
    expect(wrong.map((v) => `${v.id} ${v.flags.join(',')}`)).toEqual([]);
    expect(vectors.wycheproof.filter((v) => v.expected === 'valid')).toHaveLength(88);
  });

  test.each(bothPaths)('$name path: wrong-length Wycheproof signatures are refused', (verifier) => {
    const odd = vectors.wycheproof.filter((v) => v.signature.length !== 64);
    expect(odd.length).toBeGreaterThan(0);
    expect(odd.filter((v) => writ(verifier, v))).toEqual([]);
  });

  test.each(bothPaths)('$name path: every RFC 8032 7.1 signature is accepted', (verifier) => {
    expect(accepted(verifier, 'rfc8032')).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
  });

  test.each(bothPaths)('$name path: no speccheck edge case is accepted', (verifier) => {
    expect(accepted(verifier, 'speccheck')).toEqual([]);
  });

  // Every flag but low_order_R means a torsion component or a non-canonical encoding.
  // low_order_R alone is the identity point as R (CCTV flags it low order but not as a
  // low-order component): torsion-free, and only the key holder can make such a signature.
  test.each(bothPaths)('$name path: CCTV accepts only vectors free of torsion and non-canonical encodings', (verifier) => {
    const clean = vectors.cctv.filter((v) => v.flags.every((f) => f === 'low_order_R'));
    expect(accepted(verifier, 'cctv')).toEqual(clean.map((v) => v.id));
    const identityR = (v: Vector): boolean => equalBytes(v.signature.subarray(0, 32), IDENTITY);
    expect(clean.map((v) => [v.id, v.flags.join(), identityR(v)])).toEqual([
      ['304', 'low_order_R', true],
      ['305', '', false],
    ]);
  });
});

interface AnnotatedCase {
  index: number; S: string; A_order: string; R_order: string;
  cofactored: string; cofactorless: string; libraries: Record<string, 'V' | 'X'>;
}
const annotated = readSharedJson<{ cases: AnnotatedCase[] }>(ED, 'speccheck', 'speccheck-annotated.json').cases;

/** RFC 8032 5.1.7 accepts a case whatever equation it uses: canonical encodings, S < L, both equations hold. */
const rfc8032Accepts = (c: AnnotatedCase): boolean =>
  !`${c.A_order}${c.R_order}`.includes('*') && !c.S.includes('S >') && c.cofactored === 'V' && c.cofactorless === 'V';

describe('where Writ is stricter than RFC 8032', () => {
  test('speccheck case 3 (mixed-order A and R): RFC 8032 accepts it, Writ refuses it', () => {
    const c = annotated[3]!;
    expect([c.A_order, c.R_order, rfc8032Accepts(c)]).toEqual(['mixed', 'mixed', true]);
    expect(Object.values(c.libraries).every((verdict) => verdict === 'V')).toBe(true);
    expect([bareNode(speccheck(3)), bareNoble(speccheck(3), false)]).toEqual([true, true]);
    const key = checkPublicKey(speccheck(3).publicKey);
    expect(key.ok ? 'accepted' : key.problems[0].code).toBe('key.torsion');
    expect([writ(nobleVerifier, speccheck(3)), writ(nodeVerifier, speccheck(3))]).toEqual([false, false]);
  });

  test('of the speccheck cases RFC 8032 accepts (0-3), 0-2 are refused by some listed library too, 3 by none', () => {
    const rfcOnly = annotated.filter(rfc8032Accepts).filter((c) => !writ(nobleVerifier, speccheck(c.index)));
    const refusedBySome = (c: AnnotatedCase): boolean => Object.values(c.libraries).includes('X');
    expect(rfcOnly.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(rfcOnly.filter(refusedBySome).map((c) => c.index)).toEqual([0, 1, 2]);
    expect(annotated[0]!.libraries).toMatchObject({ LibSodium: 'X', 'Dalek strict': 'X' });
  });
});

interface MeasuredFile {
  description: string;
  disagreements: Record<'speccheck' | 'cctv', number[]>;
  verdicts: Record<SetName, Record<string, string>>;
}
const measured = readSharedJson<MeasuredFile>(ED, 'measured-node-vs-noble.json');
/**
 * The measurement names the OpenSSL it ran on (3.0 under Node 20). Node 24's OpenSSL
 * 3.5 refuses more (small-order keys, R = identity), so there the bare Node letter is
 * held to "never accepts what the measurement saw refused" instead of to equality; the
 * noble letters must match exactly everywhere. Writ's own verdicts do not move with
 * either: the policy decides before OpenSSL does, and R = identity goes to noble.
 */
const measuredOpenSsl = /OpenSSL (\d+\.\d+\.\d+)/.exec(measured.description)?.[1];
const sameOpenSsl = measuredOpenSsl === process.versions.openssl;

/** Bare node:crypto.verify, no policy; exceptions count as rejection, as in the measurement. */
function bareNode(v: Vector): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(v.publicKey) }, format: 'jwk' });
    return nodeCryptoVerify(null, v.message, key, v.signature);
  } catch {
    return false;
  }
}

/** Bare @noble/ed25519 verify, no policy. */
function bareNoble(v: Vector, zip215: boolean): boolean {
  try {
    return ed.verify(v.signature, v.message, v.publicKey, { zip215 });
  } catch {
    return false;
  }
}

/** The measurement's three letters: node / noble {zip215:false} / noble default (ZIP-215). */
const bareLetters = (v: Vector): string =>
  [bareNode(v), bareNoble(v, false), bareNoble(v, true)].map((b) => (b ? 'V' : 'X')).join('');

/** Does this verdict agree with the recorded one, given which OpenSSL runs here? */
function holds(now: string, recorded: string): boolean {
  if (sameOpenSsl) return now === recorded;
  const newerNodeOnlyTighter = now[0] === recorded[0] || (now[0] === 'X' && recorded[0] === 'V');
  return newerNodeOnlyTighter && now.slice(1) === recorded.slice(1);
}

describe('measured-node-vs-noble.json still describes the bare libraries', () => {
  test('the measurement names the OpenSSL it was taken on', () => {
    expect(measuredOpenSsl).toMatch(/^3\./);
  });

  test.each(sizes)('%s: every recorded bare verdict (node / noble strict / noble ZIP-215) still holds', (set, size) => {
    expect(Object.keys(measured.verdicts[set])).toHaveLength(size);
    const drift = vectors[set].filter((v) => !holds(bareLetters(v), measured.verdicts[set][v.id]!));
    expect(drift.map((v) => `${v.id}: ${bareLetters(v)} recorded ${measured.verdicts[set][v.id]}`)).toEqual([]);
  });

  test.each(['speccheck', 'cctv'] as const)('%s: bare Node and bare noble strict disagree exactly where recorded (on the measured OpenSSL)', (set) => {
    const split = vectors[set].filter((v) => bareNode(v) !== bareNoble(v, false)).map((v) => Number(v.id));
    if (sameOpenSsl) {
      expect(split.length).toBeGreaterThan(0);
      expect(split).toEqual(measured.disagreements[set]);
    } else {
      // A stricter OpenSSL opens disagreements only by refusing what noble accepts.
      const opened = vectors[set].filter((v) => !measured.disagreements[set].includes(Number(v.id)) && bareNode(v) !== bareNoble(v, false));
      expect(opened.filter((v) => bareNode(v))).toEqual([]);
    }
  });

  test.each(['rfc8032', 'wycheproof'] as const)('%s: bare Node and bare noble strict already agree', (set) => {
    expect(vectors[set].filter((v) => bareNode(v) !== bareNoble(v, false))).toEqual([]);
  });
});
