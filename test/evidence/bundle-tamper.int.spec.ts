// Every alteration of an evidence bundle is refused with a reason: named swaps (an
// envelope, a proof hash, a state value, the checkpoint, a dropped event) and, property
// style, any leaf value of the file changed (a character of a string, a number, a
// boolean), checked by the SDK's verifyBundle with the verifier key alone.
import fc from 'fast-check';
import { verifyBundle } from '../../src/sdk';
import type { EvidenceBundle } from '../../src/sdk/verify/bundle-format';
import { RuntimeWorld } from '../authorization/support/runtime-world';

let w: RuntimeWorld;
let bundle: EvidenceBundle;
let laterNote: string;

beforeAll(async () => {
  w = await RuntimeWorld.create();
  await w.procurement();
  const answer = await w.decide(w.lookup());
  await w.runtime.idle();
  const built = await w.runtime.evidence({ decision: answer.receipt!.leafIndex });
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  bundle = built.value;
  await w.decide(w.lookup());
  await w.runtime.idle();
  laterNote = w.runtime.latestCheckpoint().note;
});
afterAll(async () => w.close());

const copy = (): { -readonly [K in keyof EvidenceBundle]: any } => JSON.parse(JSON.stringify(bundle));
const refusal = (b: unknown) => {
  const r = verifyBundle(b, w.runtime.verifierKey);
  return r.ok ? undefined : r.problems[0];
};

test('the untouched bundle verifies (the control case)', () => {
  expect(refusal(copy())).toBeUndefined();
});

test('an envelope swapped for another event of the log is named', () => {
  const b = copy();
  [b.events[1].envelope, b.events[2].envelope] = [b.events[2].envelope, b.events[1].envelope];
  expect(refusal(b)).toMatchObject({ code: 'bundle.not_included', path: 'events[1].inclusionProof' });
});

test('a changed inclusion proof hash is named', () => {
  const b = copy();
  const proof: string[] = b.events[3].inclusionProof;
  proof[0] = proof[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  expect(refusal(b)).toMatchObject({ code: 'bundle.not_included', path: 'events[3].inclusionProof' });
});

test('a state value changed (a revoked delegation shown active, or the reverse) is named', () => {
  const b = copy();
  const i = b.states.findIndex((s: { kind: string; id: string }) => s.kind === 'delegation' && s.id === 'd-proc');
  b.states[i].record.status = 'revoked';
  expect(refusal(b)).toMatchObject({ code: 'bundle.state_mismatch', path: `states[${i}].record` });
  const c = copy();
  c.states[i].proof.leaf.value = c.states[(i + 1) % c.states.length].proof.leaf.value;
  expect(refusal(c)).toMatchObject({ code: 'state.bad_proof', path: `states[${i}].proof.siblings` });
});

test('the checkpoint swapped for another signed one is named', () => {
  const b = copy();
  b.checkpoint.note = laterNote;
  expect(refusal(b)).toMatchObject({ code: 'bundle.malformed', path: 'checkpoint.treeSize' });
  b.checkpoint.treeSize = Number(laterNote.split('\n')[1]);
  expect(refusal(b)).toMatchObject({ code: 'bundle.not_included', path: 'events[0].inclusionProof' });
});

test('an event left out is named: a stream no longer whole, or a record the events do not replay to', () => {
  const b = copy();
  const revoke = b.events.findIndex((e: { envelope: string }) => e.envelope.includes('"delegation.granted"') && e.envelope.includes('d-proc'));
  b.events.splice(revoke, 1);
  // The grant opens its stream, so no link is broken: the decision no longer re-derives.
  expect(refusal(b)).toMatchObject({ code: 'bundle.decision_mismatch' });
  const c = copy();
  c.events.splice(c.events.length - 1, 1);
  expect(refusal(c)?.code).toMatch(/^bundle\.(incomplete|decision_mismatch)$/);
});

/** Every leaf of the file (string, number, boolean, null) with its path. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function altered(b: any, path: (string | number)[], at: number): void {
  const parent = path.slice(0, -1).reduce((o, k) => o[k], b);
  const key = path[path.length - 1]!;
  const v = parent[key];
  if (typeof v === 'string') {
    const i = v.length === 0 ? 0 : at % v.length;
    const c = v.charCodeAt(i) || 0x61;
    parent[key] = v.slice(0, i) + String.fromCharCode(c === 0x61 ? 0x62 : 0x61) + v.slice(i + 1);
  } else if (typeof v === 'number') parent[key] = v + 1 + (at % 3);
  else if (typeof v === 'boolean') parent[key] = !v;
  else parent[key] = 'x';
}

test('property: any leaf of the bundle changed is refused', () => {
  const paths = leaves(bundle);
  fc.assert(
    fc.property(fc.nat(paths.length - 1), fc.nat(1_000_000), (which, at) => {
      const b = copy();
      altered(b, paths[which]!, at);
      expect(refusal(b)).toBeDefined();
    }),
    { numRuns: 300 },
  );
});
