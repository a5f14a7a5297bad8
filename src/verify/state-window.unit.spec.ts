// The verifier's roots at past sizes, by property: whatever the changes and whichever
// growing sizes are asked for, the root at a size is the root of a map holding exactly
// the changes made up to it; a size below one asked for before has none.
import fc from 'fast-check';
import { bytesToHex } from '../integrity/bytes';
import { StateMap, stateKey } from '../integrity/state-map';
import { StateWindow } from './state-window';

const steps = fc.array(
  fc.oneof(
    fc.record({ set: fc.integer({ min: 0, max: 30 }), value: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    fc.record({ fold: fc.constant(true) }),
    fc.record({ ask: fc.integer({ min: 0, max: 6 }) }),
  ),
  { maxLength: 80 },
);

test('the root at a size asked for is the root of the changes made up to it', () => {
  fc.assert(
    fc.property(steps, (plan) => {
      const live = new StateMap();
      const window = new StateWindow(live);
      const made: { size: number; key: Uint8Array; value: Uint8Array }[] = [];
      let size = 0;
      let floor = 0;
      for (const step of plan) {
        if ('set' in step) {
          const key = stateKey(`agent:${step.set}`);
          live.set(key, step.value);
          window.changed(size, key, step.value);
          made.push({ size, key, value: step.value });
        } else if ('fold' in step) {
          size++;
        } else {
          const at = Math.max(0, size - step.ask);
          const root = window.rootAt(at);
          if (at < floor) {
            expect(root).toBeUndefined();
            continue;
          }
          floor = at;
          const expected = new StateMap();
          for (const c of made) if (c.size <= at) expected.set(c.key, c.value);
          expect(bytesToHex(root!)).toBe(bytesToHex(expected.rootHash()));
          // The live map is never changed by a look into the past.
          const head = new StateMap();
          for (const c of made) head.set(c.key, c.value);
          expect(bytesToHex(live.rootHash())).toBe(bytesToHex(head.rootHash()));
        }
      }
    }),
    { numRuns: 200 },
  );
});
