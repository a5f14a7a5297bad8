// Racing appenders: the expected revision is the only lock a caller has, so exactly one
// caller may win each revision and every loser must learn the actual head.
import type { AppendResult, EventStore } from '../event-store.port';
import { anEvent, positionsOf, range, request, type ContractContext } from './contract-support';

/** Appends one event at the head it last saw, rereading the head after each conflict. */
async function appendWithRetry(store: EventStore, stream: string, actor: string, nonce: string): Promise<void> {
  for (;;) {
    const head = await store.streamRevision(stream);
    const result = await store.append(request(stream, head, [anEvent({ actor, nonce })]));
    if (result.status !== 'conflict') return;
  }
}

export function concurrencyCases(ctx: ContractContext): void {
  const appenders = ctx.capabilities.concurrentAppenders ?? 16;

  describe('concurrent appenders', () => {
    it('lets exactly one caller win each revision; the others get a conflict naming it', async () => {
      for (let round = 0; round < 4; round++) {
        const expected = round === 0 ? 'no_stream' : round - 1;
        const results: AppendResult[] = await Promise.all(
          range(0, appenders).map((a) => ctx.store().append(request('contested', expected, [anEvent({ actor: `caller-${a}` })]))),
        );
        expect(results.filter((r) => r.status === 'appended')).toHaveLength(1);
        const losers = results.filter((r) => r.status === 'conflict');
        expect(losers).toHaveLength(appenders - 1);
        expect(losers.every((r) => r.actual === round)).toBe(true);
      }
      expect(await ctx.store().size()).toBe(4);
    });

    it('keeps every stream and the log dense when callers retry after conflicts', async () => {
      const perCaller = 3;
      await Promise.all(
        range(0, appenders).map(async (a) => {
          for (let i = 0; i < perCaller; i++) await appendWithRetry(ctx.store(), `shared-${a % 2}`, `caller-${a}`, `n-${i}`);
        }),
      );
      const total = appenders * perCaller;
      const log = await ctx.store().readAll(0, total + 1);
      expect(positionsOf(log)).toEqual(range(0, total));
      for (const stream of ['shared-0', 'shared-1']) {
        const revisions = (await ctx.store().readStream(stream)).map((e) => e.revision);
        expect(revisions).toEqual(range(0, revisions.length));
      }
      const pairs = new Set(log.map((e) => `${e.actor}/${e.nonce}`));
      expect(pairs.size).toBe(total);
    });

    it('returns the original to every concurrent replay of one statement', async () => {
      const statement = anEvent({ actor: 'alice', nonce: 'once' });
      const results = await Promise.all(range(0, appenders).map(() => ctx.store().append(request('s-1', 'no_stream', [{ ...statement }]))));
      const winners = results.filter((r) => r.status === 'appended');
      expect(winners).toHaveLength(1);
      const original = winners[0]!.status === 'appended' ? winners[0]!.events : [];
      expect(results.filter((r) => r.status === 'duplicate')).toEqual(
        Array.from({ length: appenders - 1 }, () => ({ status: 'duplicate', events: original })),
      );
      expect(await ctx.store().size()).toBe(1);
    });
  });
}
