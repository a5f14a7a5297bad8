// Random batches of append requests, replayed against the adapter and against the plain
// model: every result and the final contents must agree. Streams, actors and nonces come
// from small pools so that conflicts, replays and same-stream sequences are common.
import fc from 'fast-check';
import type { AppendRequest, EventStore, EventToAppend } from '../event-store.port';
import { anEvent, request, type ContractContext } from './contract-support';
import { EventLogModel } from './event-log.model';

const STREAMS = ['s0', 's1', 's2'] as const;
const ACTORS = ['a', 'b'] as const;
const NONCES = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'] as const;

/** How a generated request chooses its expected revision, relative to the head it will meet. */
type Expectation = { readonly kind: 'head' } | { readonly kind: 'no_stream' } | { readonly kind: 'off'; readonly by: number };

interface RequestSpec {
  readonly stream: string;
  readonly expectation: Expectation;
  readonly pairs: ReadonlyArray<readonly [string, string]>;
}

const expectation: fc.Arbitrary<Expectation> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'head' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'no_stream' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(-2, -1, 1, 2).map((by) => ({ kind: 'off' as const, by })) },
);

const requestSpec: fc.Arbitrary<RequestSpec> = fc.record({
  stream: fc.constantFrom(...STREAMS),
  expectation,
  pairs: fc.uniqueArray(fc.tuple(fc.constantFrom(...ACTORS), fc.constantFrom(...NONCES)), {
    maxLength: 3,
    selector: ([actor, nonce]) => `${actor}/${nonce}`,
  }),
});

const batches = fc.array(fc.array(requestSpec, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });

function expectedRevision(spec: RequestSpec, head: number | 'no_stream'): number | 'no_stream' {
  if (spec.expectation.kind === 'head') return head;
  if (spec.expectation.kind === 'no_stream') return 'no_stream';
  const revision = (head === 'no_stream' ? -1 : head) + spec.expectation.by;
  return revision < 0 ? 'no_stream' : revision;
}

/** Turns specs into requests, aiming each at the head the model says it will meet in its batch. */
function buildBatch(specs: readonly RequestSpec[], model: EventLogModel): AppendRequest[] {
  const scratch = model.copy();
  return specs.map((spec) => {
    const toAppend: EventToAppend[] = spec.pairs.map(([actor, nonce]) => anEvent({ actor, nonce }));
    const built = request(spec.stream, expectedRevision(spec, scratch.head(spec.stream)), toAppend);
    scratch.append(built);
    return built;
  });
}

async function expectSameContents(store: EventStore, model: EventLogModel): Promise<void> {
  expect(await store.readAll(0, model.events.length + 10)).toEqual(model.events);
  expect(await store.size()).toBe(model.events.length);
  for (const stream of STREAMS) {
    expect(await store.streamRevision(stream)).toEqual(model.head(stream));
    expect(await store.readStream(stream)).toEqual(model.events.filter((e) => e.stream === stream));
  }
  for (const actor of ACTORS) {
    for (const nonce of NONCES) expect(await store.findByActorNonce(actor, nonce)).toEqual(model.find(actor, nonce));
  }
}

export function modelCases(ctx: ContractContext): void {
  describe('against the model', () => {
    it('agrees with the model on every result and the final contents, for random batches', async () => {
      await fc.assert(
        fc.asyncProperty(batches, async (specBatches) => {
          const fixture = await ctx.factory();
          try {
            const model = new EventLogModel();
            for (const specs of specBatches) {
              const batch = buildBatch(specs, model);
              expect(await fixture.store.appendBatch(batch)).toEqual(model.appendBatch(batch));
            }
            await expectSameContents(fixture.store, model);
          } finally {
            await fixture.cleanup();
          }
        }),
        { numRuns: ctx.capabilities.propertyRuns ?? 40 },
      );
    });
  });
}
