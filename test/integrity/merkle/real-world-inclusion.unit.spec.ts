// Four inclusion proofs from Sigstore's public Rekor logs (v2: ~545k leaves; v1: 23M
// leaves), produced by other implementations in production. The leaf hash is computed
// from the entry itself, and the root is the one the log's checkpoint names.
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { bytesToHex, fromBase64 } from '../../../src/integrity/bytes';
import { leafHash, rootFromInclusionProof, verifyInclusion } from '../../../src/integrity/merkle';
import { readSharedJson } from '../../support/vectors';

interface RealWorld {
  proofs: {
    log: string;
    leafIndex: string;
    treeSize: string;
    leafInputBase64: string;
    leafHashHex: string;
    proofBase64: string[];
    rootHashBase64: string;
    checkpoint: string;
    expected: string;
  }[];
}

const { proofs } = readSharedJson<RealWorld>('merkle', 'real-world-inclusion.json');

function b64(text: string): Uint8Array {
  const bytes = fromBase64(text);
  if (bytes === undefined) throw new Error(`not base64: ${text}`);
  return bytes;
}

test('there are 4 proofs, all expected valid', () => {
  expect(proofs.map((p) => p.expected)).toEqual(['valid', 'valid', 'valid', 'valid']);
});

test.each(proofs.map((p) => [p.log, p.leafIndex, p] as const))('%s, leaf %s', (_log, _index, p) => {
  const [, size, root] = p.checkpoint.split('\n');
  expect([size, root]).toEqual([p.treeSize, p.rootHashBase64]);

  const hash = leafHash(b64(p.leafInputBase64));
  expect(bytesToHex(hash)).toBe(p.leafHashHex);
  const index = leafIndex(Number(p.leafIndex));
  const sizeN = treeSize(Number(p.treeSize));
  const proof = p.proofBase64.map(b64);
  expect(verifyInclusion(index, sizeN, hash, proof, b64(p.rootHashBase64))).toEqual({ ok: true, value: true });
  const computed = rootFromInclusionProof(index, sizeN, hash, proof);
  expect(computed.ok && computed.value).toEqual(b64(p.rootHashBase64));
});
