// The state map against a literal reference (the recursive definition of its root), by
// property: random insert/update sequences give the reference root whatever the order,
// every inclusion and absence proof verifies and shows the right answer, and any
// alteration of a proof, the key or the root is refused.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '../../../src/integrity/bytes';
import {
  emptyStateHash,
  keyBit,
  StateMap,
  stateKey,
  stateLeafHash,
  stateNodeHash,
  verifyStateProof,
  type StateProof,
} from '../../../src/integrity/state-map';

const sha = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The root by definition: empty -> SHA-256(0x12); one entry -> its leaf; else node(left half, right half). */
function referenceRoot(entries: Map<string, Uint8Array>, depth = 0): Uint8Array {
  if (entries.size === 0) return sha(Uint8Array.of(0x12));
  if (entries.size === 1) {
    const [[k, v]] = [...entries];
    return sha(Uint8Array.from([0x10, ...hexToBytes(k!), ...v!]));
  }
  const halves = [new Map<string, Uint8Array>(), new Map<string, Uint8Array>()];
  for (const [k, v] of entries) halves[keyBit(hexToBytes(k), depth)]!.set(k, v);
  return sha(Uint8Array.from([0x11, ...referenceRoot(halves[0]!, depth + 1), ...referenceRoot(halves[1]!, depth + 1)]));
}

// Few names, so sequences update entries as well as insert them.
const opsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.uint8Array({ minLength: 32, maxLength: 32 })), { maxLength: 60 });
const keyOf = (n: number) => stateKey(`entity/${n}`);

function build(ops: readonly [number, Uint8Array][]) {
  const map = new StateMap();
  const model = new Map<string, Uint8Array>();
  for (const [n, value] of ops) {
    map.set(keyOf(n), value);
    model.set(bytesToHex(keyOf(n)), value);
  }
  return { map, model };
}

const shows = (root: Uint8Array, key: Uint8Array, proof: StateProof) => {
  const r = verifyStateProof(root, key, proof);
  return r.ok ? r.value : 'refused';
};

test('the hashing is the documented one', () => {
  const key = stateKey('agent:a1');
  expect(key).toEqual(sha(new TextEncoder().encode('agent:a1')));
  expect(emptyStateHash()).toEqual(sha(Uint8Array.of(0x12)));
  const value = new Uint8Array(32).fill(7);
  expect(stateLeafHash(key, value)).toEqual(sha(Uint8Array.from([0x10, ...key, ...value])));
  expect(stateNodeHash(key, value)).toEqual(sha(Uint8Array.from([0x11, ...key, ...value])));
  expect(new StateMap().rootHash()).toEqual(emptyStateHash());
});

test('random insert/update sequences give the reference root, rehashed between updates or only at the end', () => {
  fc.assert(
    fc.property(opsArb, (ops) => {
      const { map, model } = build(ops);
      expect(map.size).toBe(model.size);
      expect(bytesToHex(map.rootHash())).toBe(bytesToHex(referenceRoot(model)));
      const stepwise = new StateMap();
      for (const [n, value] of ops) {
        stepwise.set(keyOf(n), value);
        stepwise.rootHash();
      }
      expect(stepwise.rootHash()).toEqual(map.rootHash());
    }),
  );
});

test('every entry has a proof that shows its value; names never inserted have absence proofs', () => {
  fc.assert(
    fc.property(opsArb, (ops) => {
      const { map, model } = build(ops);
      const root = map.rootHash();
      for (let n = 0; n <= 50; n++) {
        const key = keyOf(n);
        const expected = model.get(bytesToHex(key));
        expect(shows(root, key, map.prove(key))).toBe(expected === undefined ? null : bytesToHex(expected));
      }
    }),
  );
});

/** Every way of altering a proof that must not verify as it was. */
function alterations(proof: StateProof): StateProof[] {
  const flip = (hex: string, i: number) => hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
  const out: StateProof[] = [];
  proof.siblings.forEach((_, i) => {
    out.push({ ...proof, siblings: proof.siblings.map((s, j) => (j === i ? flip(s, 63) : s)) });
    out.push({ ...proof, siblings: proof.siblings.filter((_, j) => j !== i) });
  });
  out.push({ ...proof, siblings: [...proof.siblings, bytesToHex(emptyStateHash())] });
  if (proof.leaf !== null) {
    out.push({ ...proof, leaf: { ...proof.leaf, value: flip(proof.leaf.value, 0) } });
    out.push({ ...proof, leaf: { ...proof.leaf, key: flip(proof.leaf.key, 63) } });
    out.push({ ...proof, leaf: null });
  } else {
    out.push({ ...proof, leaf: { key: '00'.repeat(32), value: '00'.repeat(32) } });
  }
  return out;
}

test('every altered proof, and the honest proof under another root, is refused', () => {
  fc.assert(
    fc.property(opsArb.filter((ops) => ops.length > 0), fc.integer({ min: 0, max: 50 }), (ops, n) => {
      const { map } = build(ops);
      const root = map.rootHash();
      const key = keyOf(n);
      const proof = map.prove(key);
      const honest = shows(root, key, proof);
      for (const altered of alterations(proof)) expect(shows(root, key, altered)).toBe('refused');
      const otherRoot = Uint8Array.from(root);
      otherRoot[5]! ^= 1;
      expect(shows(otherRoot, key, proof)).toBe('refused');
      // The same proof read for another key shows nothing about that key's value.
      const other = keyOf(n + 1000);
      const forOther = shows(root, other, proof);
      expect(forOther === 'refused' || forOther === null).toBe(true);
      expect(honest).not.toBe('refused');
    }),
  );
});

test('an absence proof cannot be made for a key that is present', () => {
  fc.assert(
    fc.property(opsArb.filter((ops) => ops.length > 1), (ops) => {
      const { map } = build(ops);
      const root = map.rootHash();
      const [n] = ops[0]!;
      const present = keyOf(n);
      const proof = map.prove(present);
      // Claim the path ends empty, or in the neighbour's leaf: neither leads to the root.
      expect(shows(root, present, { ...proof, leaf: null })).toBe('refused');
      const neighbour = ops.map(([m]) => keyOf(m)).find((k) => bytesToHex(k) !== bytesToHex(present));
      if (neighbour !== undefined) {
        const theirs = map.prove(neighbour).leaf!;
        expect(shows(root, present, { ...proof, leaf: theirs })).toBe('refused');
      }
    }),
  );
});

test('malformed proofs are refused with state.bad_proof, not thrown on', () => {
  const map = new StateMap();
  map.set(keyOf(1), new Uint8Array(32));
  const root = map.rootHash();
  const bad = [
    { siblings: 'x', leaf: null },
    { siblings: ['zz'], leaf: null },
    { siblings: Array(257).fill('00'.repeat(32)), leaf: null },
    { siblings: [], leaf: { key: 'ab', value: '00'.repeat(32) } },
    { siblings: [], leaf: { key: 'AB'.repeat(32), value: '00'.repeat(32) } },
    null,
  ];
  for (const proof of bad) {
    const r = verifyStateProof(root, keyOf(1), proof as unknown as StateProof);
    expect(r.ok ? 'accepted' : r.problems[0].code).toBe('state.bad_proof');
  }
});

test('a proof stays about log2(n) hashes long', () => {
  const map = new StateMap();
  for (let n = 0; n < 4096; n++) map.set(keyOf(n), new Uint8Array(32).fill(n & 255));
  const lengths = Array.from({ length: 64 }, (_, n) => map.prove(keyOf(n)).siblings.length);
  expect(Math.max(...lengths)).toBeLessThan(32);
  expect(shows(map.rootHash(), keyOf(77), map.prove(keyOf(77)))).toBe(bytesToHex(new Uint8Array(32).fill(77)));
});

test('a snapshot keeps its root and proofs while the map moves on', () => {
  fc.assert(
    fc.property(opsArb, opsArb, (before, after) => {
      const { map, model } = build(before);
      const snapshot = map.snapshot();
      const root = bytesToHex(snapshot.rootHash());
      for (const [n, value] of after) map.set(keyOf(n), value);
      expect(bytesToHex(snapshot.rootHash())).toBe(root);
      expect(root).toBe(bytesToHex(referenceRoot(model)));
      for (let n = 0; n <= 40; n++) {
        const expected = model.get(bytesToHex(keyOf(n)));
        expect(shows(snapshot.rootHash(), keyOf(n), snapshot.prove(keyOf(n)))).toBe(expected === undefined ? null : bytesToHex(expected));
      }
    }),
    { numRuns: 50 },
  );
});
