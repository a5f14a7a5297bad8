import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { runVerify } from '../../src/verify';
import { buildLedger } from '../support/ledger-builder';

installNodeSha256();

test('the ledger builder makes a real ledger that verifies', async () => {
  const built = await buildLedger({ events: 150, agentsPerRound: 5, actionsPerAgent: 2 });
  expect(built.size).toBeGreaterThanOrEqual(150);
  const report = await runVerify({ store: built.dataDir });
  expect(report.findings).toEqual([]);
  expect(report).toMatchObject({ ok: true, size: built.size, ledgerId: built.ledgerId, keyTrust: 'record' });
  expect(report.checkpointsVerified).toBeGreaterThan(3);
});
