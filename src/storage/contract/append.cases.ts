// Appending: exact expected revisions, conflicts, and (actor, nonce) replays.
import { anEvent, appended, echoOf, events, request, type ContractContext } from './contract-support';

export function appendCases(ctx: ContractContext): void {
  describe('append', () => {
    it('appends to a new stream with no_stream, from revision 0 and position 0', async () => {
      const toAppend = events(3);
      const result = await ctx.store().append(request('s-1', 'no_stream', toAppend));
      expect(result).toEqual({ status: 'appended', events: toAppend.map((e, i) => echoOf(e, 's-1', i, i)) });
      expect(await ctx.store().streamRevision('s-1')).toBe(2);
      expect(await ctx.store().size()).toBe(3);
    });

    it('appends at the exact revision of the last event', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(2)));
      await ctx.store().append(request('other', 'no_stream', events(1)));
      const toAppend = events(2);
      const result = await ctx.store().append(request('s-1', 1, toAppend));
      expect(result).toEqual({ status: 'appended', events: [echoOf(toAppend[0]!, 's-1', 2, 3), echoOf(toAppend[1]!, 's-1', 3, 4)] });
    });

    it.each([
      ['a stale revision', 0],
      ['a revision ahead of the head', 5],
      ['no_stream for a stream that exists', 'no_stream' as const],
    ])('refuses %s, returning the actual head and writing nothing', async (_, expected) => {
      await ctx.store().append(request('s-1', 'no_stream', events(3)));
      const result = await ctx.store().append(request('s-1', expected, events(1)));
      expect(result).toEqual({ status: 'conflict', stream: 's-1', expected, actual: 2 });
      expect(await ctx.store().size()).toBe(3);
      expect(await ctx.store().readStream('s-1')).toHaveLength(3);
    });

    it('refuses a revision on a stream that does not exist, with actual no_stream', async () => {
      const result = await ctx.store().append(request('missing', 0, events(1)));
      expect(result).toEqual({ status: 'conflict', stream: 'missing', expected: 0, actual: 'no_stream' });
      expect(await ctx.store().streamRevision('missing')).toBe('no_stream');
      expect(await ctx.store().size()).toBe(0);
    });

    it('checks the revision only for a request without events', async () => {
      await ctx.store().append(request('s-1', 'no_stream', events(1)));
      expect(await ctx.store().append(request('s-1', 0, []))).toEqual({ status: 'appended', events: [] });
      expect(await ctx.store().append(request('s-1', 'no_stream', []))).toMatchObject({ status: 'conflict', actual: 0 });
      expect(await ctx.store().size()).toBe(1);
    });

    it('stores data verbatim, whatever characters and spacing it holds', async () => {
      const data = '{ "b": "é\u0301 😀 \u2028",\n  "a": [1.0, -0, 1e3] }';
      const [stored] = appended(await ctx.store().append(request('s-1', 'no_stream', [anEvent({ data })])));
      expect(stored!.data).toBe(data);
      expect((await ctx.store().readAll(0, 1))[0]!.data).toBe(data);
    });

    it('finds an event by (actor, nonce), telling actors apart', async () => {
      const mine = anEvent({ actor: 'alice', nonce: 'n-1' });
      const theirs = anEvent({ actor: 'bob', nonce: 'n-1' });
      await ctx.store().append(request('s-1', 'no_stream', [mine, theirs]));
      expect(await ctx.store().findByActorNonce('alice', 'n-1')).toEqual(echoOf(mine, 's-1', 0, 0));
      expect(await ctx.store().findByActorNonce('bob', 'n-1')).toEqual(echoOf(theirs, 's-1', 1, 1));
      expect(await ctx.store().findByActorNonce('carol', 'n-1')).toBeUndefined();
    });
  });

  describe('replayed (actor, nonce)', () => {
    it('returns the original events and writes nothing, even with a stale revision', async () => {
      const original = events(2);
      const first = appended(await ctx.store().append(request('s-1', 'no_stream', original)));
      const replay = await ctx.store().append(request('s-1', 'no_stream', original.map((e) => ({ ...e, data: '{"changed":true}' }))));
      expect(replay).toEqual({ status: 'duplicate', events: first });
      expect(await ctx.store().size()).toBe(2);
    });

    it('is a duplicate across streams: the pair identifies one event in the whole store', async () => {
      const [first] = appended(await ctx.store().append(request('s-1', 'no_stream', [anEvent({ actor: 'alice', nonce: 'n-1' })])));
      const replay = await ctx.store().append(request('s-2', 'no_stream', [anEvent({ actor: 'alice', nonce: 'n-1' })]));
      expect(replay).toEqual({ status: 'duplicate', events: [first] });
      expect(await ctx.store().streamRevision('s-2')).toBe('no_stream');
    });

    it('is a duplicate within one batch: the later request gets the earlier one\'s events', async () => {
      const e = anEvent({ actor: 'alice', nonce: 'n-1' });
      const [a, b] = await ctx.store().appendBatch([request('s-1', 'no_stream', [e]), request('s-2', 'no_stream', [{ ...e }])]);
      expect(b).toEqual({ status: 'duplicate', events: appended(a) });
      expect(await ctx.store().size()).toBe(1);
    });

    it('reports only the matching originals when a request reuses some of its nonces', async () => {
      const [stored] = appended(await ctx.store().append(request('s-1', 'no_stream', [anEvent({ nonce: 'used' })])));
      const result = await ctx.store().append(request('s-1', 0, [anEvent({ nonce: 'fresh' }), anEvent({ nonce: 'used' })]));
      expect(result).toEqual({ status: 'duplicate', events: [stored] });
      expect(await ctx.store().findByActorNonce('actor-1', 'fresh')).toBeUndefined();
    });

    it('is not a duplicate when only the nonce matches, under another actor', async () => {
      await ctx.store().append(request('s-1', 'no_stream', [anEvent({ actor: 'alice', nonce: 'n-1' })]));
      const result = await ctx.store().append(request('s-1', 0, [anEvent({ actor: 'bob', nonce: 'n-1' })]));
      expect(result.status).toBe('appended');
    });
  });

  describe('batches', () => {
    it('judges each request on its own: appended, conflict and duplicate side by side', async () => {
      const replayed = anEvent();
      const [original] = appended(await ctx.store().append(request('s-0', 'no_stream', [replayed])));
      const fresh = events(3);
      const results = await ctx.store().appendBatch([
        request('s-1', 'no_stream', [fresh[0]!]),
        request('s-0', 5, events(1)),
        request('s-2', 'no_stream', [{ ...replayed }]),
        request('s-3', 'no_stream', [fresh[1]!, fresh[2]!]),
      ]);
      expect(results).toEqual([
        { status: 'appended', events: [echoOf(fresh[0]!, 's-1', 0, 1)] },
        { status: 'conflict', stream: 's-0', expected: 5, actual: 0 },
        { status: 'duplicate', events: [original] },
        { status: 'appended', events: [echoOf(fresh[1]!, 's-3', 0, 2), echoOf(fresh[2]!, 's-3', 1, 3)] },
      ]);
      expect(await ctx.store().size()).toBe(4);
    });

    it('lets a later request continue a stream an earlier one in the batch extended', async () => {
      const [first, second, stale] = await ctx.store().appendBatch([
        request('s-1', 'no_stream', events(2)),
        request('s-1', 1, events(1)),
        request('s-1', 1, events(1)),
      ]);
      expect(appended(first).map((e) => e.revision)).toEqual([0, 1]);
      expect(appended(second).map((e) => e.revision)).toEqual([2]);
      expect(stale).toMatchObject({ status: 'conflict', expected: 1, actual: 2 });
      expect(await ctx.store().streamRevision('s-1')).toBe(2);
    });

    it('does not advance a stream for a request that conflicted', async () => {
      const [refused, next] = await ctx.store().appendBatch([request('s-1', 3, events(1)), request('s-1', 0, events(1))]);
      expect(refused).toMatchObject({ status: 'conflict', actual: 'no_stream' });
      expect(next).toMatchObject({ status: 'conflict', actual: 'no_stream' });
      expect(await ctx.store().size()).toBe(0);
    });

    it('returns nothing for an empty batch', async () => {
      expect(await ctx.store().appendBatch([])).toEqual([]);
    });
  });
}
