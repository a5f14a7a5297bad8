// The test server's reads (esdb-test-server.ts): Streams.Read of a stream (forwards or
// backwards from start, end or a revision, stream_not_found for a missing stream), of $all
// (forwards inclusive / backwards exclusive from a position), and subscriptions to $all:
// catch-up from start, end or an exclusive position, then live, with stream-name or
// event-type filters (prefixes or regex), a checkpoint every `multiplier * window` records
// examined (window = max, default 32) and CaughtUp once the catch-up reaches the head.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { TestRecord } from './esdb-test-log';
import { compileFilter, eventResp, streamName } from './esdb-test-messages';
import type { NodeContext } from './esdb-test-server';

export function read(node: NodeContext, call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
  const p = node.protocol;
  const options = call.request.getOptions()!;
  if (options.hasSubscription()) return subscribe(node, call, options);
  const count = Number(options.getCount() || '0');
  const backwards = options.getReadDirection() === p.streams.ReadReq.Options.ReadDirection.BACKWARDS;
  if (options.hasStream()) {
    const so = options.getStream()!;
    const name = streamName(so.getStreamIdentifier());
    const records = node.log.stream(name);
    if (!records) {
      const resp = new p.streams.ReadResp();
      const nf = new p.streams.ReadResp.StreamNotFound();
      nf.setStreamIdentifier(so.getStreamIdentifier());
      resp.setStreamNotFound(nf);
      call.write(resp);
      call.end();
      return;
    }
    let selected: TestRecord[];
    if (backwards) {
      const from = so.hasStart() ? -1 : so.hasEnd() ? records.length - 1 : Math.min(Number(so.getRevision()), records.length - 1);
      selected = from < 0 ? [] : records.slice(Math.max(0, from - count + 1), from + 1).reverse();
    } else {
      const from = so.hasEnd() ? records.length : so.hasStart() ? 0 : Number(so.getRevision());
      selected = records.slice(from, from + count);
    }
    for (const record of selected) call.write(eventResp(p, record, false));
    call.end();
    return;
  }
  const ao = options.getAll()!;
  const all = node.log.records;
  let selected: TestRecord[];
  if (backwards) {
    const end = ao.hasEnd() ? all.length : ao.hasStart() ? 0 : node.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()));
    selected = all.slice(Math.max(0, end - count), end).reverse();
  } else {
    const start = ao.hasStart() ? 0 : ao.hasEnd() ? all.length : node.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()));
    selected = all.slice(start, start + count);
  }
  for (const record of selected) call.write(eventResp(p, record, true));
  call.end();
}

function subscribe(node: NodeContext, call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
  const p = node.protocol;
  if (!options.hasAll()) {
    call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'stream subscriptions are not modelled' });
    return;
  }
  const ao = options.getAll()!;
  const filter = options.hasFilter() ? compileFilter(options.getFilter()!) : undefined;
  const window = filter?.window ?? 32;
  const checkpointEvery = filter ? Math.max(1, window * filter.multiplier) : Infinity;
  let next = ao.hasStart() ? 0 : ao.hasEnd() ? node.log.records.length : node.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()) + 1n);
  let examined = 0;
  let caughtUp = false;
  let open = true;

  const confirmation = new p.streams.ReadResp();
  const conf = new p.streams.ReadResp.SubscriptionConfirmation();
  conf.setSubscriptionId(randomUUID());
  confirmation.setConfirmation(conf);
  call.write(confirmation);

  const pump = () => {
    if (!open) return;
    const records = node.log.records;
    while (next < records.length) {
      const record = records[next++]!;
      examined++;
      if (!filter || filter.matches(record)) call.write(eventResp(p, record, true));
      if (examined % checkpointEvery === 0) {
        const resp = new p.streams.ReadResp();
        const cp = new p.streams.ReadResp.Checkpoint();
        cp.setCommitPosition(String(record.position));
        cp.setPreparePosition(String(record.position));
        resp.setCheckpoint(cp);
        call.write(resp);
      }
    }
    if (!caughtUp) {
      caughtUp = true;
      const resp = new p.streams.ReadResp();
      resp.setCaughtUp(new p.streams.ReadResp.CaughtUp());
      call.write(resp);
    }
  };
  const unsubscribe = node.log.onCommit(pump);
  const close = () => {
    open = false;
    unsubscribe();
  };
  call.on('cancelled', close);
  call.on('close', close);
  call.on('error', close);
  pump();
}
