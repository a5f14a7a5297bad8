// Writ's own decisions about opening and signing notes, beyond what the shared vectors
// pin down: C2SP's "at least 16 signatures", every known-key signature verified,
// ambiguous trust configuration, exact bytes (no BOM stripping), strict signing input.
import type { Problem } from '../../errors/problem';
import { concatBytes, fromBase64, toBase64, utf8ToBytes } from '../bytes';
import { checkPublicKey, generateKeyPair } from '../ed25519';
import { keyLabel, noteVerifierKey, openNote, signNote, type NoteSigner, type NoteVerifierKey } from '.';

const codes = (problems: readonly Problem[]) => problems.map((p) => p.code);
const TEXT = 'example.com/log\nline two\n\nline after a blank line\n';

function testKey(name: string): { signer: NoteSigner; key: NoteVerifierKey; label: string } {
  const pair = generateKeyPair();
  const checked = checkPublicKey(pair.publicKey);
  if (!checked.ok) throw new Error('generated key refused');
  const key = noteVerifierKey(name, checked.value);
  if (!key.ok) throw new Error(key.problems[0].message);
  return { signer: { name, seed: pair.seed }, key: key.value, label: keyLabel(name, key.value.keyId) };
}

function signed(text: string, signers: readonly NoteSigner[]): string {
  const note = signNote(text, signers);
  if (!note.ok) throw new Error(note.problems[0].message);
  return note.value;
}

/** The signature line `signer` writes over `text`. */
const lineOf = (text: string, signer: NoteSigner): string => signed(text, [signer]).slice(text.length + 1);

const alice = testKey('example.com/alice');
const bob = testKey('example.com/bob');

test('16 signatures by 16 known keys are accepted and listed in note order', () => {
  const many = Array.from({ length: 16 }, (_, i) => testKey(`witness-${i}.example`));
  const opened = openNote(signed(TEXT, many.map((k) => k.signer)), many.map((k) => k.key));
  expect(opened.ok && opened.value).toEqual({ text: TEXT, verifiedBy: many.map((k) => k.label), unknown: [] });
});

test('the text may contain blank lines; it ends at the last one', () => {
  const opened = openNote(signed(TEXT, [alice.signer]), [alice.key]);
  expect(opened.ok && opened.value.text).toBe(TEXT);
});

test('a failing signature by a known key refuses the note even after a good one', () => {
  const forged = lineOf('some other text\n', bob.signer);
  const opened = openNote(signed(TEXT, [alice.signer]) + forged, [alice.key, bob.key]);
  expect(opened.ok ? [] : opened.problems).toEqual([expect.objectContaining({ code: 'note.bad_signature', path: 'signatures[1]' })]);
});

test('a second, different signature by an already verified key is still verified (and refused here)', () => {
  const again = lineOf('some other text\n', alice.signer);
  const opened = openNote(signed(TEXT, [alice.signer]) + again, [alice.key]);
  expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.bad_signature']);
});

test('an identical repeated line counts once', () => {
  const note = signed(TEXT, [alice.signer, bob.signer]) + lineOf(TEXT, alice.signer);
  const opened = openNote(note, [alice.key, bob.key]);
  expect(opened.ok && opened.value.verifiedBy).toEqual([alice.label, bob.label]);
});

test('a known key with a signature of the wrong length is a bad signature, not an unknown one', () => {
  const [, base64] = lineOf(TEXT, alice.signer).trimEnd().split(' ').slice(-2);
  const bytes = fromBase64(base64!)!;
  const longer = `\u2014 ${alice.signer.name} ${toBase64(concatBytes(bytes, Uint8Array.of(0)))}\n`;
  const opened = openNote(`${TEXT}\n${longer}`, [alice.key]);
  expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.bad_signature']);
});

test('same name with another key ID, or same key ID under another name, is an unknown key', () => {
  const line = lineOf(TEXT, alice.signer);
  const otherName = line.replace(alice.signer.name, 'example.com/mallory');
  const otherId = `\u2014 ${alice.signer.name} ${toBase64(concatBytes(Uint8Array.of(0, 0, 0, 0), new Uint8Array(64)))}\n`;
  const opened = openNote(`${TEXT}\n${otherName}${otherId}${line}`, [alice.key]);
  expect(opened.ok && opened.value).toEqual({
    text: TEXT,
    verifiedBy: [alice.label],
    unknown: [keyLabel('example.com/mallory', alice.key.keyId), keyLabel(alice.signer.name, '00000000')],
  });
});

test('the same trusted key listed twice is fine; two keys under one name and key ID are ambiguous', () => {
  const note = signed(TEXT, [alice.signer]);
  expect(openNote(note, [alice.key, alice.key]).ok).toBe(true);
  const impostor = { ...bob.key, name: alice.key.name, keyId: alice.key.keyId };
  const opened = openNote(note, [alice.key, impostor]);
  expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.ambiguous_key']);
});

test('bytes open exactly as the string does; a leading BOM is part of the text, not dropped', () => {
  const note = signed(TEXT, [alice.signer]);
  expect(openNote(utf8ToBytes(note), [alice.key])).toEqual(openNote(note, [alice.key]));
  const withBom = concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), utf8ToBytes(note));
  const opened = openNote(withBom, [alice.key]);
  expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.bad_signature']);
});

describe('malformed notes', () => {
  const note = signed(TEXT, [alice.signer]);
  const line = lineOf(TEXT, alice.signer);
  const keyId = fromBase64(line.trimEnd().split(' ').pop()!)!.subarray(0, 4);
  test.each([
    ['a lone surrogate in a string', `\ud800${note}`],
    ['a carriage return', note.replace('\n', '\r\n')],
    ['a blank line after the signatures', `${note}\n`],
    ['a no-break space in a key name', `${TEXT}\n${line.replace('/alice', '/al\u00a0ice')}`],
    ['a next-line (U+0085) in a key name', `${TEXT}\n${line.replace('/alice', '/al\u0085ice')}`],
    ['a plus in a key name', `${TEXT}\n${line.replace('/alice', '/al+ice')}`],
    ['an empty key name', `${TEXT}\n${line.replace(alice.signer.name, '')}`],
    ['a hyphen instead of the em dash', `${TEXT}\n${line.replace('\u2014', '-')}`],
    ['a key ID and no signature', `${TEXT}\n\u2014 ${alice.signer.name} ${toBase64(keyId)}\n`],
    ['base64 without its padding', `${TEXT}\n${line.replace('=\n', '\n')}`],
  ])('%s', (_what, text) => {
    const opened = openNote(text, [alice.key]);
    expect(opened.ok ? [] : codes(opened.problems)).toEqual(['note.malformed']);
  });
});

describe('signNote refuses what openNote would refuse', () => {
  test.each([
    ['text without a final newline', 'text', [alice.signer], 'note.malformed'],
    ['a control character in the text', 'a\u0007b\n', [alice.signer], 'note.malformed'],
    ['a lone surrogate in the text', 'a\udc00\n', [alice.signer], 'note.malformed'],
    ['no signers', TEXT, [], 'note.malformed'],
    ['101 signers', TEXT, Array.from({ length: 101 }, () => alice.signer), 'note.malformed'],
    ['a key name with a space', TEXT, [{ ...alice.signer, name: 'a b' }], 'key.malformed'],
    ['a key name with a plus', TEXT, [{ ...alice.signer, name: 'a+b' }], 'key.malformed'],
    ['an empty key name', TEXT, [{ ...alice.signer, name: '' }], 'key.malformed'],
    ['a 31-byte seed', TEXT, [{ ...alice.signer, seed: new Uint8Array(31) }], 'key.malformed'],
  ] as const)('%s', (_what, text, signers, code) => {
    const note = signNote(text, signers);
    expect(note.ok ? [] : codes(note.problems)).toEqual([code]);
  });
});

describe('a signer behind a port', () => {
  const { keyPairFromSeed, sign } = jest.requireActual('../ed25519') as typeof import('../ed25519');
  const { signNote: signWith } = jest.requireActual('./note-sign') as typeof import('./note-sign');
  const { noteVerifierKey: verifierKeyOf } = jest.requireActual('./note-keys') as typeof import('./note-keys');
  const { checkPublicKey: check } = jest.requireActual('../ed25519') as typeof import('../ed25519');
  const { openNote: open } = jest.requireActual('./note-open') as typeof import('./note-open');
  const seed = new Uint8Array(32).fill(9);
  const { publicKey } = keyPairFromSeed(seed);

  it('signs the same note byte for byte as the seed signer, and it opens', () => {
    const viaSeed = signWith('writ.local/l1\n', [{ name: 'writ.local/l1', seed }]);
    const viaPort = signWith('writ.local/l1\n', [{ name: 'writ.local/l1', publicKey, sign: (m) => sign(seed, m) }]);
    expect(viaPort).toEqual(viaSeed);
    const key = check(publicKey);
    const vkey = key.ok ? verifierKeyOf('writ.local/l1', key.value) : undefined;
    expect(vkey?.ok && viaPort.ok && open(viaPort.value, [vkey.value]).ok).toBe(true);
  });
});
