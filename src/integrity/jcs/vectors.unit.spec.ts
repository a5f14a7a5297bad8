// Whole-document vectors: RFC 8785 sections 3.2.2-3.2.4 and 3.2.3, and cyberphone's
// input -> output pairs.
import { readdirSync, readFileSync } from 'node:fs';
import { readSharedJson, sharedVectorPath } from '../../../test/support/vectors';
import { bytesToHex } from '../bytes';
import { sha256 } from '../sha256';
import { canonicalBytes, canonicalize, parseCanonical, parseJson, type JsonValue } from './index';

interface Rfc8785 {
  section3_2_2_example: {
    input: string;
    canonical: string;
    canonicalUtf8Hex: string;
    canonicalSha256: string;
  };
  section3_2_3_sortingTest: { input: string; expectedValueOrder: string[] };
}

const rfc = readSharedJson<Rfc8785>('jcs', 'rfc8785.json');

describe('RFC 8785 section 3.2.2 example', () => {
  const example = rfc.section3_2_2_example;
  // The example's first number, 333333333.33333329, has more digits than a double keeps.
  const imprecise = '333333333.33333329';

  test('its imprecise number is refused by the strict parser, where it stands', () => {
    expect(parseJson(example.input)).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({
          code: 'json.number_not_round_trip',
          path: 'numbers[0]',
          details: { offset: example.input.indexOf(imprecise) },
        }),
      ],
    });
  });

  test('canonicalizes to the exact bytes and hash of section 3.2.4', () => {
    const value = JSON.parse(example.input) as JsonValue;
    const bytes = canonicalBytes(value);
    expect(canonicalize(value)).toBe(example.canonical);
    expect(bytesToHex(bytes)).toBe(example.canonicalUtf8Hex);
    expect(bytesToHex(sha256(bytes))).toBe(example.canonicalSha256);
  });

  test('with the number written as the double it denotes, the strict parser gives the same', () => {
    const precise = example.input.replace(imprecise, '333333333.3333333');
    const parsed = parseJson(precise);
    expect(parsed.ok && canonicalize(parsed.value)).toBe(example.canonical);
    expect(parseCanonical(example.canonical).ok).toBe(true);
  });
});

test('RFC 8785 section 3.2.3: member names sort by UTF-16 code units', () => {
  const { input, expectedValueOrder } = rfc.section3_2_3_sortingTest;
  const parsed = parseJson(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const canonical = canonicalize(parsed.value);
  const positions = expectedValueOrder.map((v) => canonical.indexOf(JSON.stringify(v)));
  expect(positions.every((p) => p > 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
});

describe('cyberphone input -> output', () => {
  const dir = (...parts: string[]) => sharedVectorPath('jcs', 'cyberphone', ...parts);
  const files = readdirSync(dir('input')).filter((f) => f.endsWith('.json'));
  // values.json is the RFC example above: the strict parser refuses its imprecise number.
  const refusedByStrictParser: Record<string, { code: string; path: string }> = {
    'values.json': { code: 'json.number_not_round_trip', path: 'numbers[0]' },
  };

  test('all six files are there', () => {
    expect(files.sort()).toEqual(
      ['arrays', 'french', 'structures', 'unicode', 'values', 'weird'].map((f) => `${f}.json`),
    );
  });

  test.each(files)('%s', (file) => {
    const input = readFileSync(dir('input', file), 'utf8');
    const parsed = parseJson(input);
    const refusal = refusedByStrictParser[file];
    if (refusal === undefined) expect(parsed.ok).toBe(true);
    else expect(!parsed.ok && parsed.problems[0]).toMatchObject(refusal);
    const value = parsed.ok ? parsed.value : (JSON.parse(input) as JsonValue);

    const expected = new Uint8Array(readFileSync(dir('output', file)));
    const outhex = readFileSync(dir('outhex', file.replace(/\.json$/, '.txt')), 'utf8');
    const bytes = canonicalBytes(value);
    expect(bytesToHex(bytes)).toBe(bytesToHex(expected));
    expect(bytesToHex(bytes)).toBe(outhex.trim().split(/\s+/).join(''));
    expect(parseCanonical(new TextDecoder().decode(expected)).ok).toBe(true);
  });
});
