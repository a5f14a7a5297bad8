// Sagas turn revocations and kill switches into explicit cascade events: the stream
// only filters and maps; what to revoke is the domain's pure `cascade`.
import { Injectable } from '@nestjs/common';
import { ofType, Saga, type ICommand, type IEvent } from '@nestjs/cqrs';
import { filter, map, type Observable } from 'rxjs';
import { causeOf } from '../../domain';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { RecordCascade } from './record-cascade.command';

@Injectable()
export class CascadeSagas {
  @Saga()
  cascades = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(LedgerEventRecorded),
      filter(({ event }) => causeOf(event) !== undefined),
      map(({ event }) => new RecordCascade(event)),
    );
}
