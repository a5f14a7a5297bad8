import { CascadeSagas } from './cascade.saga';
import { LedgerEventsPublisher } from './ledger-events.publisher';
import { RecordCascadeHandler } from './record-cascade.handler';

/** The service's cascade machinery: events on the bus, the saga, its command handler. */
export const CASCADE_PROVIDERS = [LedgerEventsPublisher, CascadeSagas, RecordCascadeHandler];
