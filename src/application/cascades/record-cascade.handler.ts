import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LedgerRuntime } from '../ledger/ledger-runtime';
import { RecordCascade } from './record-cascade.command';

/** Records the revocations the domain's `cascade` computes for the trigger. */
@CommandHandler(RecordCascade)
export class RecordCascadeHandler implements ICommandHandler<RecordCascade> {
  constructor(@Inject(LedgerRuntime) private readonly runtime: LedgerRuntime) {}

  execute({ trigger }: RecordCascade): Promise<number> {
    return this.runtime.recordCascade(trigger);
  }
}
