// Following the global log live: stored events, then new commits, each exactly once.
import type { EventStore } from '../event-store.port';
import { collect, events, pause, positionsOf, range, request, type ContractContext } from './contract-support';

/** `appenders` callers each append `rounds` times to their own stream, alternating single requests and batches. */
async function appendConcurrently(store: EventStore, appenders: number, rounds: number): Promise<void> {
  await Promise.all(
    range(0, appenders).map(async (a) => {
      for (let r = 0; r < rounds; r++) {
        const expected = r === 0 ? 'no_stream' : 2 * r - 1;
        if (r % 2 === 0) await store.append(request(`live-${a}`, expected, events(2)));
        else await store.appendBatch([request(`live-${a}`, expected, events(1)), request(`live-${a}`, 2 * r, events(1))]);
      }
    }),
  );
}

export function subscribeCases(ctx: ContractContext): void {
  const appenders = ctx.capabilities.concurrentAppenders ?? 16;

  describe('subscribeAll', () => {
    it('delivers the stored events, then live ones under concurrent appends, without gaps or repeats', async () => {
      await ctx.store().append(request('stored', 'no_stream', events(5)));
      const total = 5 + appenders * 4 * 2;
      const following = collect(ctx.store(), 0, total);
      await appendConcurrently(ctx.store(), appenders, 4);
      const seen = await following;
      expect(positionsOf(seen)).toEqual(range(0, total));
      expect(seen).toEqual(await ctx.store().readAll(0, total));
    });

    it('gives every follower the same sequence, from where each started', async () => {
      await ctx.store().append(request('stored', 'no_stream', events(4)));
      const fromStart = collect(ctx.store(), 0, 12);
      const fromMiddle = collect(ctx.store(), 2, 10);
      const fromAhead = collect(ctx.store(), 8, 4);
      await appendConcurrently(ctx.store(), 2, 2);
      const log = await ctx.store().readAll(0, 100);
      expect(await fromStart).toEqual(log);
      expect(await fromMiddle).toEqual(log.slice(2));
      expect(await fromAhead).toEqual(log.slice(8));
    });

    it('ends when the signal aborts, while waiting, and delivers nothing after', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(1)));
      const controller = new AbortController();
      const seen: number[] = [];
      const done = (async () => {
        for await (const event of ctx.store().subscribeAll(0, controller.signal)) seen.push(event.position);
      })();
      await pause(50);
      controller.abort();
      await done;
      await ctx.store().append(request('s-1', 0, events(1)));
      await pause(50);
      expect(seen).toEqual([0]);
    });

    it('delivers nothing after an abort, even of events it has already read', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(10)));
      const controller = new AbortController();
      const seen: number[] = [];
      for await (const event of ctx.store().subscribeAll(0, controller.signal)) {
        seen.push(event.position);
        if (event.position === 2) controller.abort();
      }
      expect(seen).toEqual([0, 1, 2]);
    });

    it('yields nothing for a signal that is already aborted', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(2)));
      const seen: number[] = [];
      for await (const event of ctx.store().subscribeAll(0, AbortSignal.abort())) seen.push(event.position);
      expect(seen).toEqual([]);
    });

    it('ends when the store closes', async () => {
      const seen: number[] = [];
      const done = (async () => {
        for await (const event of ctx.store().subscribeAll(0, new AbortController().signal)) seen.push(event.position);
      })();
      await ctx.store().append(request('s-1', 'no_stream', events(1)));
      await pause(50);
      await ctx.store().close();
      await done;
      expect(seen).toEqual([0]);
    });

    const crossHandle = ctx.capabilities.crossHandleFollow === true;
    (crossHandle ? it : it.skip)('sees commits made through another handle on the same store (capability: crossHandleFollow)', async () => {
      const other = await openAnother(ctx);
      await ctx.store().append(request('s-1', 'no_stream', events(2)));
      const following = collect(other, 0, 6, ctx.capabilities.followTimeoutMs ?? 5000);
      await pause(20);
      await ctx.store().append(request('s-1', 1, events(4)));
      const seen = await following;
      expect(seen).toEqual(await ctx.store().readAll(0, 100));
      expect(positionsOf(seen)).toEqual(range(0, 6));
    });
  });
}

async function openAnother(ctx: ContractContext): Promise<EventStore> {
  const open = ctx.fixture().openAnother;
  if (!open) throw new Error('crossHandleFollow is claimed, but the fixture has no openAnother()');
  return open.call(ctx.fixture());
}
