// Reading and building the protocol's messages for the test server (esdb-test-server.ts),
// with the message classes of the library under test (esdb-test-protocol.ts).
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import type { AppendReq, BatchAppendReq, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import type { Status } from '@eventstore/db-client/generated/status_pb';
import type { Expectation, Proposed, TestRecord } from './esdb-test-log';
import type { Protocol } from './esdb-test-protocol';

export function toProposed(m: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposed {
  const metadata = m.getMetadataMap();
  return {
    id: m.getId()!.getString(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: m.getData_asU8(),
    customMetadata: m.getCustomMetadata_asU8(),
  };
}

/** What MaxAppendSize counts: data, custom metadata, type and content type of each event. */
export function sizeOf(proposed: readonly Proposed[]): number {
  return proposed.reduce((sum, p) => sum + p.data.length + p.customMetadata.length + Buffer.byteLength(p.type) + Buffer.byteLength(p.contentType), 0);
}

export function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier!.getStreamName_asU8()).toString('utf8');
}

export function appendExpectation(o: AppendReq.Options): Expectation {
  if (o.hasNoStream()) return { kind: 'no_stream' };
  if (o.hasAny()) return { kind: 'any' };
  if (o.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'revision', revision: Number(o.getRevision()) };
}

export function batchExpectation(o: BatchAppendReq.Options): Expectation {
  if (o.hasNoStream()) return { kind: 'no_stream' };
  if (o.hasAny()) return { kind: 'any' };
  if (o.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'revision', revision: Number(o.getStreamPosition()) };
}

/** A google.rpc-style Status with an Any-packed detail, as BatchAppend reports errors. */
export function status(p: Protocol, code: number, message: string, detail: Uint8Array, typeName: string): Status {
  const s = new p.status.Status();
  s.setCode(code);
  s.setMessage(message);
  const any = new Any();
  any.pack(detail, typeName);
  s.setDetails(any);
  return s;
}

export function eventResp(p: Protocol, record: TestRecord, withCommitPosition: boolean): ReadResp {
  const recorded = new p.streams.ReadResp.ReadEvent.RecordedEvent();
  const id = new p.shared.UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new p.shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.stream, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setPreparePosition(String(record.position));
  recorded.setCommitPosition(String(record.position));
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', record.contentType);
  recorded.getMetadataMap().set('created', String(record.created));
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.customMetadata);
  const event = new p.streams.ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (withCommitPosition) event.setCommitPosition(String(record.position));
  else event.setNoPosition(new p.shared.Empty());
  const resp = new p.streams.ReadResp();
  resp.setEvent(event);
  return resp;
}

export interface CompiledFilter {
  readonly window: number;
  readonly multiplier: number;
  matches(record: TestRecord): boolean;
}

export function compileFilter(f: ReadReq.Options.FilterOptions): CompiledFilter {
  const onStream = f.hasStreamIdentifier();
  const expression = onStream ? f.getStreamIdentifier()! : f.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return {
    window: f.hasMax() ? f.getMax() : 32,
    multiplier: f.getCheckpointintervalmultiplier() || 1,
    matches: (record) => {
      const subject = onStream ? record.stream : record.type;
      if (prefixes.length > 0 && prefixes.some((p) => subject.startsWith(p))) return true;
      return regex !== undefined && regex.test(subject);
    },
  };
}
