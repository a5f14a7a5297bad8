// The flat tips give linkToTip the same verdicts as tips kept as objects, over random
// runs of envelopes across streams: good links, revision gaps and wrong prevHashes.
import fc from 'fast-check';
import { linkToTip, type ChainTip, type Envelope } from '../integrity/envelope';
import { StreamTips } from './stream-tips';

const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

test('the same link verdicts as a map of tip objects', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ stream: fc.constantFrom('a', 'b', 'agent-1', 'é'), hash: hex, linkGood: fc.boolean(), otherPrev: hex, revisionDelta: fc.constantFrom(0, 1, 1, 1, 2) }), { maxLength: 3000 }),
      (steps) => {
        const model = new Map<string, ChainTip>();
        const tips = new StreamTips();
        for (const s of steps) {
          const before = model.get(s.stream);
          const revision = before === undefined ? s.revisionDelta - 1 : before.revision + s.revisionDelta;
          const prevHash = s.linkGood ? (before?.hash ?? '0'.repeat(64)) : s.otherPrev;
          const envelope = { stream: s.stream, revision, prevHash, hash: s.hash } as unknown as Envelope;
          const tip = tips.tipFor(s.stream, prevHash);
          expect(tip).toEqual(before);
          expect(linkToTip(envelope, tip)).toEqual(linkToTip(envelope, before));
          model.set(s.stream, { revision, hash: s.hash });
          tips.set(s.stream, revision, s.hash);
        }
        expect(tips.size).toBe(model.size);
      },
    ),
    { numRuns: 30 },
  );
});

test('grows past its first arrays', () => {
  const tips = new StreamTips();
  for (let i = 0; i < 5000; i++) tips.set(`s${i}`, i, i.toString(16).padStart(64, '0'));
  expect(tips.tipFor('s4321', '0'.repeat(64))).toEqual({ revision: 4321, hash: (4321).toString(16).padStart(64, '0') });
  expect(tips.tipFor('s7', (7).toString(16).padStart(64, '0'))).toEqual({ revision: 7, hash: (7).toString(16).padStart(64, '0') });
});
