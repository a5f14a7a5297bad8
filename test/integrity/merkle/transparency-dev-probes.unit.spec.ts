// Every inclusion and consistency probe of transparency-dev/merkle's testdata, used as it
// is: happy paths and their mutations (bit flips, extra, missing or reordered elements,
// wrong sizes, garbage), each with the verdict upstream expects.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { fromBase64 } from '../../../src/integrity/bytes';
import { verifyConsistency, verifyInclusion } from '../../../src/integrity/merkle';
import type { Result } from '../../../src/errors/problem';
import { readSharedJson, sharedVectorPath } from '../../support/vectors';

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const probeRoot = sharedVectorPath('merkle', 'transparency-dev');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.json') ? [path] : [];
  });
}

/** Probe files under one folder, named from the probe root: `inclusion/1/happy-path.json`. */
const jsonFiles = (dir: string): string[] => walk(join(probeRoot, dir)).map((path) => relative(probeRoot, path)).sort();

function b64(text: string): Uint8Array {
  const bytes = fromBase64(text);
  if (bytes === undefined) throw new Error(`probe field is not base64: ${text}`);
  return bytes;
}

// A Go nil slice in the probes: no proof hashes at all.
const proofOf = (proof: string[] | null): Uint8Array[] => (proof ?? []).map(b64);

function expectVerdict(result: Result<true>, wantErr: boolean): void {
  if (wantErr) {
    expect(result.ok).toBe(false);
    const codes = result.ok ? [] : result.problems.map((p) => p.code);
    for (const code of codes) expect(['proof.malformed', 'proof.invalid']).toContain(code);
  } else {
    expect(result).toEqual({ ok: true, value: true });
  }
}

const inclusionFiles = jsonFiles('inclusion');
const consistencyFiles = jsonFiles('consistency');

test('all 98 inclusion and 98 consistency probes are there', () => {
  expect(inclusionFiles).toHaveLength(98);
  expect(consistencyFiles).toHaveLength(98);
});

test.each(inclusionFiles)('%s', (file) => {
  const probe = readSharedJson<InclusionProbe>('merkle', 'transparency-dev', file);
  const result = verifyInclusion(
    leafIndex(probe.leafIdx),
    treeSize(probe.treeSize),
    b64(probe.leafHash),
    proofOf(probe.proof),
    b64(probe.root),
  );
  expectVerdict(result, probe.wantErr);
});

test.each(consistencyFiles)('%s', (file) => {
  const probe = readSharedJson<ConsistencyProbe>('merkle', 'transparency-dev', file);
  const result = verifyConsistency(
    treeSize(probe.size1),
    treeSize(probe.size2),
    b64(probe.root1),
    b64(probe.root2),
    proofOf(probe.proof),
  );
  expectVerdict(result, probe.wantErr);
});
