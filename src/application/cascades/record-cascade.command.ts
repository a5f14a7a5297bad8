import { Command } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../domain';

/** Record the explicit revocations a revocation or kill switch calls for (invariants 5, 6). */
export class RecordCascade extends Command<number> {
  constructor(readonly trigger: RecordedEvent) {
    super();
  }
}
