// Puts every committed event on the CQRS event bus, in commit order, where the cascade
// saga (and anything else that reacts to the record) picks it up. At start it also
// finishes the cascades a crash may have cut short.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, EventBus } from '@nestjs/cqrs';
import { LedgerRuntime } from '../ledger/ledger-runtime';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { RecordCascade } from './record-cascade.command';

@Injectable()
export class LedgerEventsPublisher implements OnApplicationBootstrap {
  constructor(
    @Inject(LedgerRuntime) private readonly runtime: LedgerRuntime,
    private readonly events: EventBus,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.onEvents((events) => this.events.publishAll(events.map((e) => new LedgerEventRecorded(e))));
    for (const trigger of this.runtime.interruptedCascades()) void this.commands.execute(new RecordCascade(trigger));
  }
}
