// The one contract suite every event-store adapter runs (STYLE.md, example 3). An
// adapter's spec is a few lines: a name, a factory for a fresh store per test, and the
// capabilities it claims. Cases for capabilities it does not claim are skipped by name,
// so a report shows what an adapter opted out of.
//
//   runEventStoreContract('SQLite file', async () => { ... return { store, cleanup, reopen } },
//     { persistence: true, crossHandleFollow: true, maxAppendBytes: 1024 * 1024 });
import { appendCases } from './contract/append.cases';
import { concurrencyCases } from './contract/concurrency.cases';
import type { ContractContext, EventStoreCapabilities, EventStoreFixture } from './contract/contract-support';
import { modelCases } from './contract/model.cases';
import { persistenceCases } from './contract/persistence.cases';
import { readCases } from './contract/read.cases';
import { refusalCases } from './contract/refusal.cases';
import { subscribeCases } from './contract/subscribe.cases';

export type { EventStoreCapabilities, EventStoreFixture } from './contract/contract-support';

export function runEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  capabilities: EventStoreCapabilities = {},
): void {
  describe(`event store contract: ${name}`, () => {
    let current: EventStoreFixture | undefined;
    const ctx: ContractContext = {
      factory,
      capabilities,
      fixture: () => {
        if (!current) throw new Error('no store: the fixture is made in beforeEach');
        return current;
      },
      store: () => ctx.fixture().store,
    };

    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    appendCases(ctx);
    refusalCases(ctx);
    readCases(ctx);
    subscribeCases(ctx);
    concurrencyCases(ctx);
    persistenceCases(ctx);
    modelCases(ctx);
  });
}
