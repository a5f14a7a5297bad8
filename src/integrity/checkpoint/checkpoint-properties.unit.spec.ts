// Property tests: signing then opening round-trips any checkpoint and any note text,
// on both Ed25519 paths, and any single flipped byte anywhere in a signed note is refused.
import fc from 'fast-check';
import { treeSize } from '../brands';
import { utf8ToBytes } from '../bytes';
import { checkPublicKey, keyPairFromSeed } from '../ed25519';
import { nodeVerifier } from '../ed25519/node-verifier';
import {
  isNoteLine,
  isValidKeyName,
  keyLabel,
  noteVerifierKey,
  openCheckpoint,
  openNote,
  signCheckpoint,
  signNote,
  type CheckpointFields,
  type NoteSigner,
  type NoteVerifierKey,
} from '.';

const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'grapheme-ascii', maxLength }), fc.string({ unit: 'binary', maxLength }));
const line = anyText(40).filter(isNoteLine);
const keyName = anyText(24).filter(isValidKeyName);

/** A signer and its trusted key, from an arbitrary name and seed. */
const keyArb = fc.record({ name: keyName, seed: fc.uint8Array({ minLength: 32, maxLength: 32 }) }).map(({ name, seed }) => {
  const publicKey = checkPublicKey(keyPairFromSeed(seed).publicKey);
  if (!publicKey.ok) throw new Error('a derived key was refused');
  const key = noteVerifierKey(name, publicKey.value);
  if (!key.ok) throw new Error(key.problems[0].message);
  return { signer: { name, seed } as NoteSigner, key: key.value as NoteVerifierKey };
});

const checkpointArb = fc.record({
  origin: line,
  size: fc.maxSafeNat().map(treeSize),
  rootHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  extensions: fc.array(line, { maxLength: 3 }),
});

function signedCheckpoint(cp: CheckpointFields, signer: NoteSigner): string {
  const note = signCheckpoint(cp, signer);
  if (!note.ok) throw new Error(note.problems[0].message);
  return note.value;
}

test('signCheckpoint then openCheckpoint gives the checkpoint back, on both verifiers', () => {
  fc.assert(
    fc.property(checkpointArb, keyArb, (cp, { signer, key }) => {
      const note = signedCheckpoint(cp, signer);
      for (const verifier of [undefined, nodeVerifier]) {
        const opened = openCheckpoint(note, [key], { expectedOrigin: cp.origin, verifier });
        expect(opened.ok && opened.value.checkpoint).toEqual(cp);
        expect(opened.ok && opened.value.verifiedBy).toEqual([keyLabel(key.name, key.keyId)]);
      }
    }),
  );
});

test('signNote then openNote gives any note text back, blank lines included', () => {
  const textArb = fc.array(anyText(30).filter((l) => l === '' || isNoteLine(l)), { minLength: 1, maxLength: 5 }).map((ls) => `${ls.join('\n')}\n`);
  fc.assert(
    fc.property(textArb, fc.array(keyArb, { minLength: 1, maxLength: 3 }), (text, signers) => {
      const note = signNote(text, signers.map((s) => s.signer));
      const opened = note.ok ? openNote(note.value, signers.map((s) => s.key)) : note;
      expect(opened.ok && opened.value.text).toBe(text);
      const labels = [...new Set(signers.map((s) => keyLabel(s.key.name, s.key.keyId)))];
      expect(opened.ok && opened.value.verifiedBy).toEqual(labels);
    }),
    { numRuns: 50 },
  );
});

/** Flips bits of one byte in the region [from, to) of the note's UTF-8 bytes. */
function flipIn(note: string, region: (bytes: Uint8Array) => [number, number]) {
  const bytes = utf8ToBytes(note);
  const [from, to] = region(bytes);
  return fc.tuple(fc.integer({ min: from, max: to - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, mask]) => {
    const flipped = bytes.slice();
    flipped[i] ^= mask;
    return flipped;
  });
}

describe('any flipped byte is refused', () => {
  const fixed = fc.sample(fc.tuple(checkpointArb, keyArb), { numRuns: 1, seed: 42 })[0]!;
  const [cp, { signer, key }] = fixed;
  const note = signedCheckpoint(cp, signer);
  const textBytes = utf8ToBytes(note.slice(0, note.lastIndexOf('\n\n') + 2)).length;

  test.each([
    ['in the checkpoint text and the blank line', (): [number, number] => [0, textBytes]],
    ['in the signature line', (b: Uint8Array): [number, number] => [textBytes, b.length]],
  ])('%s', (_where, region) => {
    expect(openCheckpoint(note, [key], { expectedOrigin: cp.origin }).ok).toBe(true);
    fc.assert(
      fc.property(flipIn(note, region), (flipped) => {
        expect(openCheckpoint(flipped, [key], { expectedOrigin: cp.origin }).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test('for random checkpoints and positions too', () => {
    fc.assert(
      fc.property(
        checkpointArb.chain((c) => keyArb.chain((k) => {
          const n = signedCheckpoint(c, k.signer);
          return fc.tuple(fc.constant({ c, k }), flipIn(n, (b) => [0, b.length]));
        })),
        ([{ c, k }, flipped]) => {
          expect(openCheckpoint(flipped, [k.key], { expectedOrigin: c.origin }).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
