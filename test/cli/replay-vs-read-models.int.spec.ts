// `writ replay --to N` and the read models asked `asOf: { position: N }` must describe the
// same ledger: one folds the log with the domain's evolve, the other answers from
// versioned rows. Compared at every position of a real ledger.
import { join } from 'node:path';
import { ReadService } from '../../src/application/queries/read-service';
import { replayTo, summarize } from '../../src/verify/replay-state';
import { openWorld, seedStory } from '../read-models/support/world';
import { tempDir } from '../support/ledger-fixtures';

const agentStatus = (a: { status: string; needsReview: boolean }) => (a.status !== 'active' ? a.status : a.needsReview ? 'needs-review' : 'active');

test('replay and the read models asOf agree on every principal, agent and delegation at every position', async () => {
  const path = join(tempDir(), 'writ.db');
  const world = await openWorld(5000, path);
  try {
    await seedStory(world);
    await world.settle();
    const service = new ReadService(world.models);
    const admin = { id: world.people.admin.id, kind: 'human', roles: ['admin'] };
    const size = world.runtime.size();
    let compared = 0;
    for (let position = 1; position < size; position++) {
      const at = { asOf: { position } };
      const replayed = summarize(replayTo(path, { position }));
      for (const p of replayed.principals.filter((p) => p.kind !== 'ledger')) {
        const view = await service.principal(admin, p.id, at);
        expect([p.id, view.ok && view.value && { status: view.value.status, roles: [...view.value.roles].sort() }]).toEqual([p.id, { status: p.status, roles: [...p.roles].sort() }]);
        compared++;
      }
      for (const a of replayed.agents) {
        const view = await service.agent(admin, a.id, at);
        expect([a.id, view.ok && view.value && { status: view.value.status, ownerId: view.value.ownerId }]).toEqual([a.id, { status: agentStatus(a), ownerId: a.ownerId }]);
        compared++;
      }
      for (const d of replayed.delegations) {
        const view = await service.delegation(admin, d.id, at);
        expect([d.id, view.ok && view.value && view.value.status]).toEqual([d.id, d.status]);
        compared++;
      }
    }
    // Many records compared, and a status that changes over time among them (carol is deactivated).
    expect(compared).toBeGreaterThan(100);
    const last = summarize(replayTo(path, { position: size - 1 }));
    expect(new Set(last.principals.map((p) => p.status))).toEqual(new Set(['active', 'deactivated']));
  } finally {
    await world.close();
  }
});
