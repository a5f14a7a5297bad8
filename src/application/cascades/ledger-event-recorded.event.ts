import type { IEvent } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../domain';

/** Published on the event bus for every committed event, in commit order. */
export class LedgerEventRecorded implements IEvent {
  constructor(readonly event: RecordedEvent) {}
}
