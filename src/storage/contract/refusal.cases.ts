// Whole-call refusals: thrown as StoreError with a store.* code, and nothing written,
// not even the valid requests of the same batch.
import { StoreError, type AppendRequest } from '../event-store.port';
import { anEvent, events, request, type ContractContext } from './contract-support';

async function refusalOf(call: Promise<unknown>): Promise<StoreError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

const malformed: ReadonlyArray<[string, AppendRequest]> = [
  ['an empty stream name', request('', 'no_stream', events(1))],
  ['a negative expected revision', request('s-1', -1, events(1))],
  ['a fractional expected revision', request('s-1', 1.5, events(1))],
  ['a hash that is not 64 lowercase hex', request('s-1', 'no_stream', [anEvent({ hash: 'AB'.repeat(32) })])],
  ['two events with one (actor, nonce)', request('s-1', 'no_stream', [anEvent({ nonce: 'x' }), anEvent({ nonce: 'x' })])],
];

export function refusalCases(ctx: ContractContext): void {
  describe('refusals', () => {
    it.each(malformed)('refuses a batch holding %s, writing nothing', async (_, bad) => {
      const error = await refusalOf(ctx.store().appendBatch([request('ok', 'no_stream', events(1)), bad]));
      expect(error.code).toBe('store.invalid_request');
      expect(error.problem.details).toMatchObject({ index: 1 });
      expect(await ctx.store().size()).toBe(0);
    });

    it('refuses read options that are not non-negative integers', async () => {
      expect((await refusalOf(ctx.store().readStream('s-1', { limit: -1 }))).code).toBe('store.invalid_request');
      expect((await refusalOf(ctx.store().readAll(-1, 10))).code).toBe('store.invalid_request');
    });

    const limit = ctx.capabilities.maxAppendBytes;
    (limit === undefined ? it.skip : it)('refuses a request over the append size limit with store.too_large', async () => {
      const big = anEvent({ data: JSON.stringify({ pad: 'x'.repeat(limit ?? 0) }) });
      const error = await refusalOf(ctx.store().appendBatch([request('ok', 'no_stream', events(1)), request('s-1', 'no_stream', [big])]));
      expect(error.code).toBe('store.too_large');
      expect(await ctx.store().size()).toBe(0);
    });

    it('fails every call after close with store.unavailable, and closes twice quietly', async () => {
      const store = ctx.store();
      await store.append(request('s-1', 'no_stream', events(1)));
      await store.close();
      await store.close();
      expect((await refusalOf(store.append(request('s-1', 0, events(1))))).code).toBe('store.unavailable');
      expect((await refusalOf(store.readAll(0, 10))).code).toBe('store.unavailable');
      expect((await refusalOf(store.size())).code).toBe('store.unavailable');
    });
  });
}
