// The state map against a literal reference (the recursive definition of its root), by
// property: random insert/update sequences give the reference root whatever the order,
// every inclusion and absence proof verifies and shows the right answer, and any
// alteration of a proof, the key or the root is refused.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '../../../src/integrity/bytes';
import {
  emptyStateHash,
  keyNibble,
  StateMap,
  stateKey,
  stateLeafHash,
  stateNodeHash,
  verifyStateProof,
  type StateProof,
} from '../../../src/integrity/state-map';

const sha = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The root by definition: empty -> SHA-256(0x12); one entry -> its leaf; else node(the sixteen parts by next nibble). */
function referenceRoot(entries: Map<string, Uint8Array>, depth = 0): Uint8Array {
  if (entries.size === 0) return sha(Uint8Array.of(0x12));
  if (entries.size === 1) {
    const [[k, v]] = [...entries];
    return sha(Uint8Array.from([0x10, ...hexToBytes(k!), ...v!]));
  }
  const parts = Array.from({ length: 16 }, () => new Map<string, Uint8Array>());
  for (const [k, v] of entries) parts[(hexToBytes(k)[depth >> 1]! >> (depth % 2 === 0 ? 4 : 0)) & 15]!.set(k, v);
  return sha(Uint8Array.from([0x11, ...parts.flatMap((part) => [...referenceRoot(part, depth + 1)])]));
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
  const children = Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? key : value));
  expect(stateNodeHash(children)).toEqual(sha(Uint8Array.from([0x11, ...children.flatMap((c) => [...c])])));
  expect(() => stateNodeHash([key, value])).toThrow(RangeError);
  // Nibbles: the high half of each byte first.
  expect([0, 1, 2, 3, 63].map((d) => keyNibble(Uint8Array.from([0xab, 0xcd, ...new Uint8Array(29), 0xef]), d))).toEqual([0xa, 0xb, 0xc, 0xd, 0xf]);
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
  const withSibling = (d: number, k: number, s: string | null): StateProof => ({ ...proof, siblings: proof.siblings.map((level, j) => (j === d ? level.map((x, m) => (m === k ? s : x)) : level)) });
  proof.siblings.forEach((level, d) => {
    level.forEach((s, k) => out.push(withSibling(d, k, s === null ? bytesToHex(new Uint8Array(32).fill(1)) : flip(s, 63))));
    // A present child said to be empty, and two siblings swapped.
    const present = level.findIndex((s) => s !== null);
    if (present >= 0) out.push(withSibling(d, present, null));
    if (level[0] !== level[1]) out.push({ ...proof, siblings: proof.siblings.map((l, j) => (j === d ? [l[1]!, l[0]!, ...l.slice(2)] : l)) });
    out.push({ ...proof, siblings: proof.siblings.filter((_, j) => j !== d) });
  });
  out.push({ ...proof, siblings: [...proof.siblings, Array<string | null>(15).fill(null)] });
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
    { siblings: [['00'.repeat(32)]], leaf: null },
    { siblings: [Array(15).fill('zz')], leaf: null },
    { siblings: [Array(16).fill(null)], leaf: null },
    { siblings: Array(65).fill(Array(15).fill(null)), leaf: null },
    { siblings: [], leaf: { key: 'ab', value: '00'.repeat(32) } },
    { siblings: [], leaf: { key: 'AB'.repeat(32), value: '00'.repeat(32) } },
    null,
  ];
  for (const proof of bad) {
    const r = verifyStateProof(root, keyOf(1), proof as unknown as StateProof);
    expect(r.ok ? 'accepted' : r.problems[0].code).toBe('state.bad_proof');
  }
});

test('a proof stays about log16(n) levels deep', () => {
  const map = new StateMap();
  for (let n = 0; n < 4096; n++) map.set(keyOf(n), new Uint8Array(32).fill(n & 255));
  const depths = Array.from({ length: 64 }, (_, n) => map.prove(keyOf(n)).siblings.length);
  expect(Math.max(...depths)).toBeLessThanOrEqual(6);
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

test('updates in place between snapshots never reach a snapshot already taken', () => {
  const stepArb = fc.oneof(
    fc.tuple(fc.constant('set' as const), fc.integer({ min: 0, max: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
    fc.constant(['snapshot'] as const),
    fc.constant(['root'] as const),
  );
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 120 }), (steps) => {
      const map = new StateMap();
      const model = new Map<string, Uint8Array>();
      const taken: { snapshot: ReturnType<StateMap['snapshot']>; model: Map<string, Uint8Array> }[] = [];
      for (const step of steps) {
        if (step[0] === 'set') {
          map.set(keyOf(step[1]), step[2]);
          model.set(bytesToHex(keyOf(step[1])), step[2]);
        } else if (step[0] === 'snapshot') taken.push({ snapshot: map.snapshot(), model: new Map(model) });
        else map.rootHash();
      }
      expect(bytesToHex(map.rootHash())).toBe(bytesToHex(referenceRoot(model)));
      for (const t of taken) {
        expect(t.snapshot.size).toBe(t.model.size);
        expect(bytesToHex(t.snapshot.rootHash())).toBe(bytesToHex(referenceRoot(t.model)));
      }
    }),
    { numRuns: 60 },
  );
});
