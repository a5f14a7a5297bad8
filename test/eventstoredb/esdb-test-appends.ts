// The test server's appends (esdb-test-server.ts): Streams.Append (client-streamed
// options then proposed messages, one unary answer) and Streams.BatchAppend (a duplex
// stream of correlated requests, each answered with success or a packed Status).
// - Wrong expected version: AppendResp.wrong_expected_version (Append) or a google.rpc.Status
//   with an Any-packed WrongExpectedVersion (BatchAppend), carrying the current revision.
// - MaxAppendSize (default 1 MiB): the sum of data, custom metadata, type and content type
//   of the proposed events; over it the call fails with `maximum-append-size-exceeded`
//   (Append: trailers; BatchAppend: packed Status).
// - A follower refuses with not-leader (Append: trailers; BatchAppend: the whole call).
import * as grpc from '@grpc/grpc-js';
import { Empty as GEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import type { Proposed } from './esdb-test-log';
import { appendExpectation, batchExpectation, sizeOf, status, streamName, toProposed } from './esdb-test-messages';
import type { NodeContext } from './esdb-test-server';

export function append(node: NodeContext, call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
  const p = node.protocol;
  let options: AppendReq.Options | undefined;
  const proposed: Proposed[] = [];
  call.on('data', (req: AppendReq) => {
    if (req.hasOptions()) options = req.getOptions();
    else if (req.hasProposedMessage()) proposed.push(toProposed(req.getProposedMessage()!));
  });
  call.on('end', () => {
    const refused = node.notLeader();
    if (refused) return callback(refused);
    if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'options missing' });
    const size = sizeOf(proposed);
    if (size > node.maxAppendSize) {
      return callback(
        node.failure(grpc.status.INVALID_ARGUMENT, 'maximum-append-size-exceeded', `Maximum Append Size of ${node.maxAppendSize} Exceeded.`, {
          'maximum-append-size': String(node.maxAppendSize),
        }),
      );
    }
    const stream = streamName(options.getStreamIdentifier());
    const expected = appendExpectation(options);
    const outcome = node.log.write(stream, expected, proposed);
    if (node.afterCommit(outcome)) return;
    const resp = new p.streams.AppendResp();
    if (outcome.kind === 'wrong_expected_version') {
      const wev = new p.streams.AppendResp.WrongExpectedVersion();
      if (outcome.current === undefined) wev.setCurrentNoStream(new p.shared.Empty());
      else wev.setCurrentRevision(String(outcome.current));
      if (expected.kind === 'revision') wev.setExpectedRevision(String(expected.revision));
      else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new p.shared.Empty());
      else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new p.shared.Empty());
      else wev.setExpectedAny(new p.shared.Empty());
      resp.setWrongExpectedVersion(wev);
      return callback(null, resp);
    }
    const success = new p.streams.AppendResp.Success();
    if (outcome.lastRevision < 0) success.setNoStream(new p.shared.Empty());
    else success.setCurrentRevision(String(outcome.lastRevision));
    if (outcome.kind === 'written') {
      const position = new p.streams.AppendResp.Position();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    } else success.setNoPosition(new p.shared.Empty());
    resp.setSuccess(success);
    callback(null, resp);
  });
}

export function batchAppend(node: NodeContext, call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, { options: BatchAppendReq.Options; proposed: Proposed[] }>();
  call.on('data', (req: BatchAppendReq) => {
    const correlation = req.getCorrelationId()!;
    const key = correlation.getString();
    let entry = pending.get(key);
    if (!entry) {
      entry = { options: req.getOptions()!, proposed: [] };
      pending.set(key, entry);
    }
    for (const m of req.getProposedMessagesList()) entry.proposed.push(toProposed(m));
    if (!req.getIsFinal()) return;
    pending.delete(key);
    batchAppendOne(node, call, correlation, entry.options, entry.proposed);
  });
  call.on('end', () => call.end());
  call.on('error', () => undefined);
}

function batchAppendOne(
  node: NodeContext,
  call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  correlation: UUID,
  options: BatchAppendReq.Options,
  proposed: Proposed[],
): void {
  const p = node.protocol;
  const refused = node.notLeader();
  if (refused) {
    // The real server fails the whole BatchAppend call with not-leader.
    call.emit('error', refused);
    return;
  }
  const resp = new p.streams.BatchAppendResp();
  resp.setCorrelationId(correlation);
  resp.setStreamIdentifier(options.getStreamIdentifier());
  const expected = batchExpectation(options);
  if (expected.kind === 'revision') resp.setStreamPosition(String(expected.revision));
  else if (expected.kind === 'no_stream') resp.setNoStream(new GEmpty());
  else if (expected.kind === 'stream_exists') resp.setStreamExists(new GEmpty());
  else resp.setAny(new GEmpty());
  const size = sizeOf(proposed);
  if (size > node.maxAppendSize) {
    const detail = new p.shared.MaximumAppendSizeExceeded();
    detail.setMaxappendsize(node.maxAppendSize);
    resp.setError(status(p, grpc.status.INVALID_ARGUMENT, 'Maximum Append Size Exceeded', detail.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded'));
    call.write(resp);
    return;
  }
  const outcome = node.log.write(streamName(options.getStreamIdentifier()), expected, proposed);
  if (node.afterCommit(outcome)) return;
  if (outcome.kind === 'wrong_expected_version') {
    const wev = new p.shared.WrongExpectedVersion();
    if (outcome.current === undefined) wev.setCurrentNoStream(new GEmpty());
    else wev.setCurrentStreamRevision(String(outcome.current));
    if (expected.kind === 'revision') wev.setExpectedStreamPosition(String(expected.revision));
    else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new GEmpty());
    else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new GEmpty());
    else wev.setExpectedAny(new GEmpty());
    resp.setError(status(p, grpc.status.FAILED_PRECONDITION, 'Wrong expected version', wev.serializeBinary(), 'event_store.client.WrongExpectedVersion'));
    call.write(resp);
    return;
  }
  const success = new p.streams.BatchAppendResp.Success();
  if (outcome.lastRevision < 0) success.setNoStream(new GEmpty());
  else success.setCurrentRevision(String(outcome.lastRevision));
  if (outcome.kind === 'written') {
    const position = new p.shared.AllStreamPosition();
    position.setCommitPosition(String(outcome.position));
    position.setPreparePosition(String(outcome.position));
    success.setPosition(position);
  } else success.setNoPosition(new GEmpty());
  resp.setSuccess(success);
  call.write(resp);
}
