// ES6 number serialization against the outside vectors: RFC 8785 Appendix B, the
// cyberphone samples and the first 10,000 lines of cyberphone's 100M-line test file.
import { readFileSync } from 'node:fs';
import { readSharedJson, sharedVectorPath } from '../../../test/support/vectors';
import { bytesToHex } from '../bytes';
import { sha256 } from '../sha256';
import { canonicalize, JcsError, parseCanonical } from './index';

interface NumberSample {
  readonly ieee754: string;
  readonly json: string | null;
  readonly comment?: string;
  readonly mustFail?: boolean;
}

/** The vectors write doubles as big-endian IEEE 754 hex, leading zeros dropped. */
function hexToDouble(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex.padStart(16, '0')}`));
  return view.getFloat64(0);
}

function expectRefused(n: number): void {
  expect(() => canonicalize(n)).toThrow(JcsError);
  try {
    canonicalize(n);
  } catch (e) {
    expect((e as JcsError).problem).toMatchObject({ code: 'json.unsupported_value', path: '' });
  }
}

/** The serialization must also be what the strict parser accepts and reads back. */
function expectReadsBack(json: string, n: number): void {
  const parsed = parseCanonical(json);
  expect(parsed).toEqual({ ok: true, value: n === 0 ? 0 : n });
  if (parsed.ok) expect(Object.is(parsed.value, n === 0 ? 0 : n)).toBe(true);
}

const appendixB = readSharedJson<{ appendixB_numberSamples: { samples: NumberSample[] } }>(
  'jcs',
  'rfc8785.json',
).appendixB_numberSamples.samples;

const cyberphoneSamples = readSharedJson<{ samples: NumberSample[] }>(
  'jcs',
  'cyberphone',
  'es6-number-samples.json',
).samples;

test('the vector files hold every sample', () => {
  expect(appendixB).toHaveLength(26);
  expect(cyberphoneSamples).toHaveLength(10);
  for (const s of appendixB) expect(s.mustFail).toBe(s.json === null);
});

describe.each([
  ['RFC 8785 Appendix B', appendixB],
  ['cyberphone es6 samples', cyberphoneSamples],
])('%s', (_name, samples) => {
  test.each(samples.map((s) => [s.ieee754, s.json, s.comment ?? ''] as const))(
    '%s -> %s %s',
    (hex, json) => {
      const n = hexToDouble(hex);
      if (json === null) {
        expectRefused(n);
      } else {
        expect(canonicalize(n)).toBe(json);
        expectReadsBack(json, n);
      }
    },
  );
});

test('-Infinity is refused like NaN and Infinity', () => {
  expectRefused(-Infinity);
});

describe('es6testfile-first10000.txt', () => {
  const file = sharedVectorPath('jcs', 'cyberphone', 'es6testfile-first10000.txt');
  const bytes = new Uint8Array(readFileSync(file));

  test('is the file the README vouches for (not truncated or altered)', () => {
    const readme = readFileSync(sharedVectorPath('jcs', 'README.md'), 'utf8');
    const stated = /SHA-256 = `([0-9a-f]{64})`/.exec(readme)?.[1];
    expect(stated).toMatch(/^[0-9a-f]{64}$/);
    expect(bytesToHex(sha256(bytes))).toBe(stated);
  });

  test('every line serializes as expected and reads back', () => {
    const lines = new TextDecoder().decode(bytes).split('\n');
    expect(lines).toHaveLength(10_001);
    expect(lines.pop()).toBe('');
    const failures: string[] = [];
    for (const line of lines) {
      const [hex, expected] = line.split(',') as [string, string];
      const n = hexToDouble(hex);
      const got = canonicalize(n);
      const back = parseCanonical(expected);
      if (got !== expected) failures.push(`${line}: serialized as ${got}`);
      if (!back.ok || !Object.is(back.value, n === 0 ? 0 : n)) failures.push(`${line}: read back`);
    }
    expect(failures).toEqual([]);
  });
});
