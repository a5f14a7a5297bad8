// Reading: a stream in either direction, the global log in commit order, the head.
import type { ReadStreamOptions } from '../event-store.port';
import { appended, events, positionsOf, range, request, type ContractContext } from './contract-support';

export function readCases(ctx: ContractContext): void {
  const revisionsOf = async (options: ReadStreamOptions) =>
    (await ctx.store().readStream('s-1', options)).map((e) => e.revision);

  describe('readStream', () => {
    beforeEach(async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(3)));
      await ctx.store().append(request('s-2', 'no_stream', events(2)));
      await ctx.store().append(request('s-1', 2, events(2)));
    });

    it('reads the whole stream forwards by default, with the stored fields', async () => {
      const stream = await ctx.store().readStream('s-1');
      expect(stream.map((e) => [e.revision, e.position])).toEqual([[0, 0], [1, 1], [2, 2], [3, 5], [4, 6]]);
      expect(stream.every((e) => e.stream === 's-1')).toBe(true);
    });

    it('reads forwards from a revision, up to a limit', async () => {
      expect(await revisionsOf({ fromRevision: 2 })).toEqual([2, 3, 4]);
      expect(await revisionsOf({ fromRevision: 1, limit: 2 })).toEqual([1, 2]);
      expect(await revisionsOf({ fromRevision: 9 })).toEqual([]);
      expect(await revisionsOf({ limit: 0 })).toEqual([]);
    });

    it('reads backwards from the end, or from a revision, up to a limit', async () => {
      expect(await revisionsOf({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
      expect(await revisionsOf({ direction: 'backwards', fromRevision: 2 })).toEqual([2, 1, 0]);
      expect(await revisionsOf({ direction: 'backwards', limit: 2 })).toEqual([4, 3]);
      expect(await revisionsOf({ direction: 'backwards', fromRevision: 3, limit: 2 })).toEqual([3, 2]);
    });

    it('reads a stream that does not exist as empty', async () => {
      expect(await ctx.store().readStream('missing')).toEqual([]);
      expect(await ctx.store().readStream('missing', { direction: 'backwards' })).toEqual([]);
    });
  });

  describe('readAll, size and heads', () => {
    it('starts empty', async () => {
      expect(await ctx.store().size()).toBe(0);
      expect(await ctx.store().readAll(0, 10)).toEqual([]);
      expect(await ctx.store().streamRevision('s-1')).toBe('no_stream');
    });

    it('reads the global log in commit order with dense positions from 0', async () => {
      const committed = [];
      for (let i = 0; i < 6; i++) {
        const stream = `s-${i % 3}`;
        const head = await ctx.store().streamRevision(stream);
        committed.push(...appended(await ctx.store().append(request(stream, head, events(1 + (i % 2))))));
      }
      const log = await ctx.store().readAll(0, 100);
      expect(log).toEqual(committed);
      expect(positionsOf(log)).toEqual(range(0, 9));
      expect(await ctx.store().size()).toBe(9);
    });

    it('reads a window of the log from a position, up to a limit', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(5)));
      expect(positionsOf(await ctx.store().readAll(2, 2))).toEqual([2, 3]);
      expect(positionsOf(await ctx.store().readAll(3, 100))).toEqual([3, 4]);
      expect(await ctx.store().readAll(5, 10)).toEqual([]);
      expect(await ctx.store().readAll(0, 0)).toEqual([]);
    });

    it('counts only written events: conflicts and duplicates leave size alone', async () => {
      const first = events(2);
      await ctx.store().append(request('s-1', 'no_stream', first));
      await ctx.store().append(request('s-1', 'no_stream', events(1)));
      await ctx.store().append(request('s-2', 'no_stream', first));
      expect(await ctx.store().size()).toBe(2);
      expect(await ctx.store().streamRevision('s-1')).toBe(1);
    });
  });
}
