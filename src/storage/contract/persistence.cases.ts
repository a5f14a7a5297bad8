// Closing and reopening: nothing acknowledged is lost, and the store carries on where
// it stopped (positions, revisions and the replay index included).
import type { EventStore } from '../event-store.port';
import { anEvent, appended, events, request, type ContractContext } from './contract-support';

async function reopen(ctx: ContractContext): Promise<EventStore> {
  const open = ctx.fixture().reopen;
  if (!open) throw new Error('persistence is claimed, but the fixture has no reopen()');
  return open.call(ctx.fixture());
}

export function persistenceCases(ctx: ContractContext): void {
  (ctx.capabilities.persistence ? describe : describe.skip)('persistence (capability: persistence)', () => {
    it('keeps every event, head and replay after close and reopen', async () => {
      const replayable = anEvent({ actor: 'alice', nonce: 'kept' });
      await ctx.store().appendBatch([request('s-1', 'no_stream', events(3)), request('s-2', 'no_stream', [replayable])]);
      const before = await ctx.store().readAll(0, 100);
      await ctx.store().close();

      const reopened = await reopen(ctx);
      expect(await reopened.readAll(0, 100)).toEqual(before);
      expect(await reopened.size()).toBe(4);
      expect(await reopened.streamRevision('s-1')).toBe(2);
      expect(await reopened.findByActorNonce('alice', 'kept')).toEqual(before[3]);
      expect(await reopened.append(request('s-3', 'no_stream', [{ ...replayable }]))).toEqual({ status: 'duplicate', events: [before[3]] });
    });

    it('continues positions and revisions after reopening', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(2)));
      await ctx.store().close();
      const reopened = await reopen(ctx);
      const [next] = appended(await reopened.append(request('s-1', 1, events(1))));
      expect(next).toMatchObject({ position: 2, revision: 2 });
    });
  });
}
