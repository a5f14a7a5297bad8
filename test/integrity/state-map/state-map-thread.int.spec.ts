// The state map on its own thread against the map kept here: a real worker thread is
// sent change sets of names and record texts and must answer, for each size, the root
// the same entries give here; earlier sizes stay answerable until a later one is asked
// for; a reset forgets; a thread that dies or hangs gives no root instead of a wrong one.
import { join } from 'node:path';
import fc from 'fast-check';
import { bytesToHex } from '../../../src/integrity/bytes';
import { sha256Utf8 } from '../../../src/integrity/sha256';
import { installNodeSha256 } from '../../../src/integrity/sha256-node';
import { StateMap } from '../../../src/integrity/state-map';
import { StateMapThread } from '../../../src/integrity/state-map/state-map-thread';

installNodeSha256();

const workers = join(__dirname, '../../support/state-map-workers');
const threads: StateMapThread[] = [];
const thread = (options?: ConstructorParameters<typeof StateMapThread>[0]) => {
  const t = new StateMapThread(options);
  threads.push(t);
  return t;
};
afterAll(() => threads.forEach((t) => t.close()));

const changeSets = fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.string({ maxLength: 12 })), { maxLength: 40 }), { minLength: 1, maxLength: 8 });

test('each size is answered with the root the same entries give here', () => {
  const t = thread();
  let size = 0;
  fc.assert(
    fc.property(changeSets, (sets) => {
      t.reset();
      const here = new StateMap();
      const expected: [number, string][] = [];
      for (const set of sets) {
        size += 1 + set.length;
        const names = set.map(([n]) => `agent:a-${n}`);
        const texts = set.map(([, text]) => text);
        t.send(size, names, texts);
        names.forEach((name, i) => here.set(sha256Utf8(name), sha256Utf8(texts[i]!)));
        expected.push([size, bytesToHex(here.rootHash())]);
      }
      // Asked in order, each after every set was sent: the earlier answers were kept.
      for (const [at, root] of expected) expect(bytesToHex(t.rootAt(at)!)).toBe(root);
    }),
    { numRuns: 40 },
  );
});

test('a reset forgets every record sent before it', () => {
  const t = thread();
  t.send(1, ['agent:a', 'agent:b'], ['{"x":1}', '{"x":2}']);
  expect(t.rootAt(1)).toBeDefined();
  t.reset();
  t.send(2, ['agent:c'], ['{"x":3}']);
  const here = new StateMap();
  here.set(sha256Utf8('agent:c'), sha256Utf8('{"x":3}'));
  expect(bytesToHex(t.rootAt(2)!)).toBe(bytesToHex(here.rootHash()));
});

test('a thread that exits gives no root, and sends after it are dropped', async () => {
  const t = thread({ workerModule: join(workers, 'exits.ts'), stallMs: 2_000 });
  t.send(1, ['agent:a'], ['{}']);
  await new Promise((r) => setTimeout(r, 300));
  expect(t.rootAt(1)).toBeUndefined();
  t.send(2, ['agent:b'], ['{}']);
  expect(t.rootAt(2)).toBeUndefined();
});

test('a thread that hangs gives no root once it has made no progress for the stall time', () => {
  const t = thread({ workerModule: join(workers, 'hangs.ts'), stallMs: 300 });
  t.send(1, ['agent:a'], ['{}']);
  const from = performance.now();
  expect(t.rootAt(1)).toBeUndefined();
  expect(performance.now() - from).toBeGreaterThanOrEqual(290);
});
