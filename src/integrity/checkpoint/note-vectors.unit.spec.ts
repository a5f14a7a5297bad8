// Every signed-note vector in ../shared/vectors/note/signed-notes.json: the C2SP spec
// examples, golang.org/x/mod's note tests, a real sum.golang.org checkpoint with
// cosignatures, and real Sigstore Rekor v2 checkpoints.
import { readSharedJson } from '../../../test/support/vectors';
import type { Problem } from '../../errors/problem';
import { bytesToHex, fromBase64, hexToBytes } from '../bytes';
import { nodeVerifier } from '../ed25519/node-verifier';
import { sha256 } from '../sha256';
import {
  formatSignerKey,
  formatVerifierKey,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  type NoteVerifierKey,
} from '.';

interface XModCase {
  readonly desc: string;
  readonly note?: string;
  readonly noteHex?: string;
  readonly noteRepeat?: { readonly prefix: string; readonly line: string; readonly count: number };
  readonly verifierKeys: readonly string[];
  readonly expectVerified?: readonly string[];
  readonly expectUnverified?: readonly string[];
  readonly expectError?: string;
}
interface KeyPairVector { readonly name?: string; readonly vkey: string; readonly skey: string; readonly seedHex: string; readonly publicKeyHex: string }
interface Vectors {
  readonly goXModNote: {
    readonly keys: readonly (KeyPairVector & { readonly name: string; readonly keyIdHex: string })[];
    readonly text: string;
    readonly signatureLines: Readonly<Record<string, string>>;
    readonly valid: readonly XModCase[];
    readonly invalid: readonly XModCase[];
    readonly invalidVerifierKeys: readonly { readonly vkey?: string; readonly vkeyMangling?: string; readonly why: string }[];
  };
  readonly transparencyDevFormats: {
    readonly sumdbCheckpoint: {
      readonly vkey: string;
      readonly note: string;
      readonly expectVerified: readonly string[];
      readonly origin: string;
      readonly treeSize: number;
      readonly rootHashBase64: string;
    };
    readonly benchmarkCosignatureLines: {
      readonly verifierKeys: readonly string[];
      readonly lines: readonly string[];
      readonly measured: { readonly verified: readonly string[]; readonly unknownKeys: readonly string[] };
    };
    readonly keyPairs: readonly (KeyPairVector & { readonly id: string })[];
  };
  readonly c2spExamples: {
    readonly verifiable: readonly { readonly desc: string; readonly vkey: string; readonly note: string; readonly expectVerified: readonly string[] }[];
    readonly formatOnly: readonly {
      readonly desc: string;
      readonly note: string;
      readonly expectText?: string;
      readonly expectCheckpoint?: { readonly origin: string; readonly treeSize: string; readonly rootHashBase64: string };
      readonly expectSignatures: readonly { readonly name: string; readonly keyIdHex: string; readonly signatureBytes: number }[];
    }[];
  };
  readonly sigstoreRekorV2: {
    readonly publicKeySpkiBase64: string;
    readonly logIdBase64: string;
    readonly vkey: string;
    readonly checkpoints: readonly { readonly note: string; readonly expectVerified: readonly string[] }[];
  };
}

const v = readSharedJson<Vectors>('note', 'signed-notes.json');
const xmod = v.goXModNote;
const tdev = v.transparencyDevFormats;

function keys(vkeys: readonly string[]): NoteVerifierKey[] {
  return vkeys.map((vkey) => {
    const parsed = parseVerifierKey(vkey);
    if (!parsed.ok) throw new Error(`vector vkey refused: ${vkey}: ${parsed.problems[0].message}`);
    return parsed.value;
  });
}

const codes = (problems: readonly Problem[]) => problems.map((p) => p.code);
const verifiers = [
  ['noble', undefined],
  ['node', nodeVerifier],
] as const;

/** x/mod's error texts, mapped to Writ's codes. */
const EXPECTED_CODE: Readonly<Record<string, string>> = {
  'no verifiable signatures': 'note.no_known_signature',
  'invalid signature': 'note.bad_signature',
  'malformed note': 'note.malformed',
};

function noteOf(c: XModCase): string | Uint8Array {
  if (c.noteHex !== undefined) return hexToBytes(c.noteHex);
  if (c.noteRepeat !== undefined) return c.noteRepeat.prefix + c.noteRepeat.line.repeat(c.noteRepeat.count);
  return c.note!;
}

describe('C2SP spec examples', () => {
  test.each(v.c2spExamples.verifiable.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
    const opened = openNote(c.note, keys([c.vkey]));
    expect(opened.ok && opened.value.verifiedBy).toEqual(c.expectVerified);
  });

  test.each(v.c2spExamples.formatOnly.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
    const parsed = parseNote(c.note);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    if (c.expectText !== undefined) expect(parsed.value.text).toBe(c.expectText);
    const shapes = parsed.value.signatures.map((s) => ({ name: s.name, keyIdHex: s.keyId, signatureBytes: s.signature.length }));
    expect(shapes).toEqual(c.expectSignatures);
    if (c.expectCheckpoint !== undefined) {
      const cp = parseCheckpoint(parsed.value.text);
      const fields = cp.ok && { origin: cp.value.origin, treeSize: String(cp.value.size), rootHashBase64: c.expectCheckpoint.rootHashBase64 };
      expect(fields).toEqual(c.expectCheckpoint);
      expect(cp.ok && cp.value.rootHash).toEqual(fromBase64(c.expectCheckpoint.rootHashBase64));
    }
  });

  test('behind-the-sofa shares sum.golang.org key ID 033de0ae but is not signed by it', () => {
    const sofa = v.c2spExamples.formatOnly.find((c) => c.expectCheckpoint !== undefined)!;
    const opened = openNote(sofa.note, keys([tdev.sumdbCheckpoint.vkey]));
    expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.no_known_signature']);
  });
});

describe('golang.org/x/mod sumdb/note', () => {
  test.each(xmod.keys.map((k) => [k.name, k] as const))('%s: skey and vkey describe the same key, and format back', (_n, k) => {
    const signer = parseSignerKey(k.skey);
    const verifier = parseVerifierKey(k.vkey);
    expect(signer.ok && { name: signer.value.name, seed: bytesToHex(signer.value.seed) }).toEqual({ name: k.name, seed: k.seedHex });
    expect(verifier.ok && { keyId: verifier.value.keyId, key: bytesToHex(verifier.value.publicKey.bytes) }).toEqual({
      keyId: k.keyIdHex,
      key: k.publicKeyHex,
    });
    expect(signer.ok && formatSignerKey(signer.value)).toEqual({ ok: true, value: k.skey });
    expect(formatVerifierKey(k.name, hexToBytes(k.publicKeyHex))).toEqual({ ok: true, value: k.vkey });
  });

  test('signNote reproduces the upstream notes byte for byte', () => {
    const signers = xmod.keys.map((k) => ({ name: k.name, seed: hexToBytes(k.seedHex) }));
    const lines = xmod.keys.map((k) => xmod.signatureLines[k.name]!).join('');
    expect(signNote(xmod.text, signers.slice(0, 1))).toEqual({ ok: true, value: xmod.valid[0]!.note });
    expect(signNote(xmod.text, signers)).toEqual({ ok: true, value: `${xmod.text}\n${lines}` });
    expect(xmod.valid.map((c) => c.note)).toContain(`${xmod.text}\n${lines}`);
  });

  describe.each(verifiers)('valid notes (%s verifier)', (_name, verifier) => {
    test.each(xmod.valid.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
      const opened = openNote(noteOf(c), keys(c.verifierKeys), verifier);
      expect(opened.ok && opened.value).toEqual({ text: xmod.text, verifiedBy: c.expectVerified, unknown: c.expectUnverified });
    });
  });

  describe.each(verifiers)('refused notes (%s verifier)', (_name, verifier) => {
    test.each(xmod.invalid.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
      const opened = openNote(noteOf(c), keys(c.verifierKeys), verifier);
      expect(opened.ok ? [] : codes(opened.problems)).toEqual([EXPECTED_CODE[c.expectError!]]);
    });
  });

  test('100 copies of the valid signature are accepted, and count once', () => {
    const c = xmod.invalid.find((x) => x.noteRepeat !== undefined)!;
    const opened = openNote(c.noteRepeat!.prefix + c.noteRepeat!.line.repeat(100), keys(c.verifierKeys));
    expect(opened.ok && opened.value.verifiedBy).toEqual(['PeterNeumann+c74f20a3']);
  });

  const listed = xmod.invalidVerifierKeys.filter((k) => k.vkey !== undefined);
  test.each(listed.map((k) => [k.why, k.vkey!] as const))('verifier key refused: %s', (_why, vkey) => {
    const parsed = parseVerifierKey(vkey);
    expect(parsed.ok ? [] : codes(parsed.problems)).toEqual(['key.malformed']);
  });

  test('every proper substring and every single-byte increment of a vkey is refused', () => {
    const vkey = xmod.invalidVerifierKeys.find((k) => k.vkeyMangling !== undefined)!.vkeyMangling!;
    expect(parseVerifierKey(vkey).ok).toBe(true);
    const mangled: string[] = [];
    for (let i = 0; i < vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) if (j - i < vkey.length) mangled.push(vkey.slice(i, j));
      mangled.push(vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1));
    }
    expect(mangled.filter((m) => parseVerifierKey(m).ok)).toEqual([]);
  });
});

describe('transparency-dev/formats: the real sum.golang.org checkpoint', () => {
  const sumdb = tdev.sumdbCheckpoint;
  const cosign = tdev.benchmarkCosignatureLines;

  test.each(verifiers)('verifies with the production vkey and parses (%s)', (_name, verifier) => {
    const opened = openCheckpoint(sumdb.note, keys([sumdb.vkey]), { expectedOrigin: sumdb.origin, verifier });
    if (!opened.ok) throw new Error(opened.problems[0].message);
    expect(opened.value.verifiedBy).toEqual(sumdb.expectVerified);
    expect(opened.value.checkpoint).toEqual({
      origin: sumdb.origin,
      size: sumdb.treeSize,
      rootHash: fromBase64(sumdb.rootHashBase64),
      extensions: [],
    });
  });

  test('cosignatures verify with their vkeys; lines under unknown names are ignored', () => {
    const note = sumdb.note + cosign.lines.map((l) => `${l}\n`).join('');
    const opened = openNote(note, keys([sumdb.vkey, ...cosign.verifierKeys]));
    expect(opened.ok && { verified: opened.value.verifiedBy, unknown: opened.value.unknown }).toEqual({
      verified: cosign.measured.verified,
      unknown: cosign.measured.unknownKeys,
    });
  });

  test('with only the log key, the cosignatures are unknown and ignored', () => {
    const note = sumdb.note + cosign.lines.map((l) => `${l}\n`).join('');
    const opened = openNote(note, keys([sumdb.vkey]));
    expect(opened.ok && opened.value.verifiedBy).toEqual(sumdb.expectVerified);
  });

  test.each(tdev.keyPairs.map((k) => [k.id, k] as const))('test key pair %s: skey, vkey and seed agree', (_id, k) => {
    const signer = parseSignerKey(k.skey);
    if (!signer.ok) throw new Error(signer.problems[0].message);
    expect(bytesToHex(signer.value.seed)).toBe(k.seedHex);
    expect(formatSignerKey(signer.value)).toEqual({ ok: true, value: k.skey });
    expect(formatVerifierKey(signer.value.name, hexToBytes(k.publicKeyHex))).toEqual({ ok: true, value: k.vkey });
  });
});

describe('Sigstore Rekor v2: real checkpoints', () => {
  const rekor = v.sigstoreRekorV2;
  const origin = rekor.vkey.slice(0, rekor.vkey.indexOf('+'));

  test('the composed vkey is the published SPKI key, and its key ID prefixes logId', () => {
    const spki = fromBase64(rekor.publicKeySpkiBase64)!;
    const publicKey = spki.slice(spki.length - 32);
    expect(formatVerifierKey(origin, publicKey)).toEqual({ ok: true, value: rekor.vkey });
    const logId = sha256(new Uint8Array([...new TextEncoder().encode(origin), 0x0a, 0x01, ...publicKey]));
    expect(logId).toEqual(fromBase64(rekor.logIdBase64));
  });

  test.each(rekor.checkpoints.map((c, i) => [i, c] as const))('checkpoint %i verifies and parses', (_i, c) => {
    const opened = openCheckpoint(c.note, keys([rekor.vkey]), { expectedOrigin: origin });
    if (!opened.ok) throw new Error(opened.problems[0].message);
    expect(opened.value.verifiedBy).toEqual(c.expectVerified);
    expect(opened.value.checkpoint.rootHash).toHaveLength(32);
    expect(`${opened.value.checkpoint.size}`).toBe(c.note.split('\n')[1]);
  });
});
