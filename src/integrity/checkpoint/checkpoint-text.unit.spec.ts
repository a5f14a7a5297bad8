// Checkpoint bodies: every case of ../shared/vectors/note/checkpoint-bodies.json, then
// one-rule-at-a-time mutations of the valid x/mod tree note.
import { readSharedJson } from '../../../test/support/vectors';
import type { Problem } from '../../errors/problem';
import { treeSize } from '../brands';
import { fromBase64, toBase64, utf8ToBytes } from '../bytes';
import { generateKeyPair } from '../ed25519';
import { formatCheckpoint, noteVerifierKey, openCheckpoint, parseCheckpoint, signCheckpoint, signNote, type NoteVerifierKey } from '.';
import { checkPublicKey } from '../ed25519';

interface BodyCase {
  readonly desc: string;
  readonly text: string;
  readonly c2spStrict: string;
}
interface Vectors {
  readonly transparencyDevFormats: {
    readonly cases: readonly BodyCase[];
    readonly marshal: readonly { readonly origin: string; readonly treeSize: number; readonly rootHashBytesAscii: string; readonly text: string }[];
  };
  readonly goSumdbTree: {
    readonly valid: { readonly text: string; readonly origin: string; readonly treeSize: string; readonly rootHashBase64: string };
    readonly invalid: readonly { readonly text: string; readonly why: string }[];
  };
}

const v = readSharedJson<Vectors>('note', 'checkpoint-bodies.json');
const tree = v.goSumdbTree;
const paths = (problems: readonly Problem[]) => problems.map((p) => `${p.code}@${p.path}`);

/** Which line the collector's c2spStrict annotation blames, as a Problem path. */
function blamedPath(annotation: string): string {
  if (annotation.includes('root hash')) return 'rootHash';
  if (annotation.includes('tree size')) return 'size';
  if (annotation.includes('origin')) return 'origin';
  return '';
}

describe('transparency-dev/formats Unmarshal cases, under C2SP strictness', () => {
  const rejected = v.transparencyDevFormats.cases.filter((c) => c.c2spStrict.startsWith('reject'));

  test('every upstream case, even those upstream accepts with short fake roots, is marked reject', () => {
    expect(rejected).toHaveLength(v.transparencyDevFormats.cases.length);
  });

  test.each(rejected.map((c) => [c.desc, c] as const))('%s is refused for the annotated reason', (_desc, c) => {
    const parsed = parseCheckpoint(c.text);
    expect(parsed.ok ? [] : paths(parsed.problems)).toContain(`checkpoint.malformed@${blamedPath(c.c2spStrict)}`);
  });

  test.each(v.transparencyDevFormats.marshal.map((m) => [m.origin, m] as const))('Marshal output for %s equals formatCheckpoint', (_o, m) => {
    const rootHash = utf8ToBytes(m.rootHashBytesAscii);
    expect(formatCheckpoint({ origin: m.origin, size: treeSize(m.treeSize), rootHash })).toEqual({ ok: true, value: m.text });
  });
});

describe('golang.org/x/mod tree notes', () => {
  test('the valid tree note parses to its fields and formats back', () => {
    const parsed = parseCheckpoint(tree.valid.text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    expect(parsed.value).toEqual({
      origin: tree.valid.origin,
      size: Number(tree.valid.treeSize),
      rootHash: fromBase64(tree.valid.rootHashBase64),
      extensions: [],
    });
    expect(formatCheckpoint(parsed.value)).toEqual({ ok: true, value: tree.valid.text });
  });

  test('a trailing line that x/mod ignores is an extension line here', () => {
    const parsed = parseCheckpoint(`${tree.valid.text}junk after the root\n`);
    expect(parsed.ok && parsed.value.extensions).toEqual(['junk after the root']);
  });

  const [wrongOrigin, ...badBodies] = tree.invalid;
  test.each(badBodies.map((c) => [c.why, c.text] as const))('refused: %s', (_why, text) => {
    const parsed = parseCheckpoint(text);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.code)).toEqual(['checkpoint.malformed']);
  });

  test(`wrong origin: ${wrongOrigin!.why} is refused when the verifier expects the origin`, () => {
    const { signer, key } = testKey('sum.golang.org');
    const body = parseCheckpoint(wrongOrigin!.text);
    if (!body.ok) throw new Error(body.problems[0].message);
    const note = signCheckpoint(body.value, signer);
    if (!note.ok) throw new Error(note.problems[0].message);
    const opened = openCheckpoint(note.value, [key], { expectedOrigin: tree.valid.origin });
    expect(opened.ok ? [] : paths(opened.problems)).toEqual(['checkpoint.origin_mismatch@origin']);
    expect(openCheckpoint(note.value, [key]).ok).toBe(true);
  });
});

describe('strict parsing, one rule at a time', () => {
  const [origin, size, root] = tree.valid.text.split('\n') as [string, string, string];
  const body = (...lines: string[]) => lines.map((l) => `${l}\n`).join('');

  test.each([
    ['size 0', body(origin, '0', root)],
    ['the largest safe size', body(origin, String(Number.MAX_SAFE_INTEGER), root)],
    ['an origin with spaces (sum.golang.org uses one)', tree.valid.text],
    ['extension lines', body(origin, size, root, 'ext one', 'two')],
  ])('accepted: %s', (_what, text) => {
    expect(parseCheckpoint(text).ok).toBe(true);
  });

  test.each([
    ['no final newline', tree.valid.text.slice(0, -1), ''],
    ['two lines', body(origin, size), ''],
    ['a control character', body(`${origin}\t`, size, root), ''],
    ['a lone surrogate', body(`${origin}\ud800`, size, root), ''],
    ['an empty origin', body('', size, root), 'origin'],
    ['a leading zero', body(origin, `0${size}`, root), 'size'],
    ['a plus sign', body(origin, `+${size}`, root), 'size'],
    ['a space after the size', body(origin, `${size} `, root), 'size'],
    ['exponent notation', body(origin, '1e3', root), 'size'],
    ['a size past 2^53 - 1', body(origin, String(Number.MAX_SAFE_INTEGER + 1), root), 'size'],
    ['a 31-byte root', body(origin, size, toBase64(new Uint8Array(31))), 'rootHash'],
    ['a 33-byte root', body(origin, size, toBase64(new Uint8Array(33))), 'rootHash'],
    ['a base64url root', body(origin, size, toBase64(new Uint8Array(32).fill(0xfb)).replace(/\+/g, '-')), 'rootHash'],
    ['a root with stray bits', body(origin, size, `${root.slice(0, 42)}1=`), 'rootHash'],
    ['an unpadded root', body(origin, size, root.slice(0, -1)), 'rootHash'],
    ['an empty extension line', body(origin, size, root, 'ext', ''), 'extensions[1]'],
  ])('refused: %s', (_what, text, path) => {
    const parsed = parseCheckpoint(text);
    expect(parsed.ok ? [] : paths(parsed.problems)).toEqual([`checkpoint.malformed@${path}`]);
  });

  test('every bad line is reported', () => {
    const parsed = parseCheckpoint(body('', '01', 'AAAA', ''));
    expect(parsed.ok ? [] : paths(parsed.problems)).toEqual([
      'checkpoint.malformed@origin',
      'checkpoint.malformed@size',
      'checkpoint.malformed@rootHash',
      'checkpoint.malformed@extensions[0]',
    ]);
  });
});

describe('formatting and signing refuse what parsing would refuse', () => {
  const rootHash = new Uint8Array(32).fill(7);

  test.each([
    ['an empty origin', { origin: '', size: treeSize(1), rootHash }, 'origin'],
    ['a newline in the origin', { origin: 'a\nb', size: treeSize(1), rootHash }, 'origin'],
    ['a negative size', { origin: 'o', size: treeSize(-1), rootHash }, 'size'],
    ['a fractional size', { origin: 'o', size: treeSize(1.5), rootHash }, 'size'],
    ['an unsafe size', { origin: 'o', size: treeSize(2 ** 53), rootHash }, 'size'],
    ['an empty extension', { origin: 'o', size: treeSize(1), rootHash, extensions: ['x', ''] }, 'extensions[1]'],
    ['a newline in an extension', { origin: 'o', size: treeSize(1), rootHash, extensions: ['x\n'] }, 'extensions[0]'],
  ])('formatCheckpoint refuses %s', (_what, cp, path) => {
    const formatted = formatCheckpoint(cp);
    expect(formatted.ok ? [] : paths(formatted.problems)).toEqual([`checkpoint.malformed@${path}`]);
  });

  test('signCheckpoint refuses a root that is not 32 bytes', () => {
    const { signer } = testKey('o');
    const signed = signCheckpoint({ origin: 'o', size: treeSize(1), rootHash: new Uint8Array(7) }, signer);
    expect(signed.ok ? [] : paths(signed.problems)).toEqual(['checkpoint.malformed@rootHash']);
  });

  test('a validly signed note whose body is not a strict checkpoint is refused', () => {
    const { signer, key } = testKey('Log');
    const note = signNote(v.transparencyDevFormats.marshal[0]!.text, [signer]);
    if (!note.ok) throw new Error(note.problems[0].message);
    const opened = openCheckpoint(note.value, [key]);
    expect(opened.ok ? [] : paths(opened.problems)).toEqual(['checkpoint.malformed@rootHash']);
  });
});

function testKey(name: string): { signer: { name: string; seed: Uint8Array }; key: NoteVerifierKey } {
  const pair = generateKeyPair();
  const checked = checkPublicKey(pair.publicKey);
  if (!checked.ok) throw new Error('generated key refused');
  const key = noteVerifierKey(name, checked.value);
  if (!key.ok) throw new Error(key.problems[0].message);
  return { signer: { name, seed: pair.seed }, key: key.value };
}
