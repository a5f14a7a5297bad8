// A small ledger most tests start from:
//   admin (genesis admin), broker (role broker), alice and bob (humans),
//   entitlement e-alice: erp://po/** [create, read] up to 50,000
//   agent-a (alice's) <- d1 from alice (root, depth 3)
//   agent-b (alice's, subagent of agent-a) <- d2 from agent-a (vendor reads, depth 1)
//   agent-c (bob's), no delegation
//   credential c-a: agent-a under d1, task-1
import * as s from './statements';
import { TestLedger } from './test-ledger';

export const ALICE = 'alice';
export const BOB = 'bob';
export const BROKER = 'broker';

/** `genesisBody`: fields that replace the default genesis body's (a policy, say). */
export function emptyWorld(genesisBody: Record<string, unknown> = {}): TestLedger {
  const l = new TestLedger();
  l.must(s.genesis(genesisBody));
  return l;
}

export function world(genesisBody: Record<string, unknown> = {}): TestLedger {
  const l = emptyWorld(genesisBody);
  l.must(s.register(s.ADMIN, BROKER, 'broker'));
  l.must(s.grantRole(s.ADMIN, BROKER, 'broker'));
  l.must(s.register(BROKER, ALICE));
  l.must(s.register(BROKER, BOB));
  l.must(s.grantEntitlement(s.ADMIN, ALICE, 'e-alice'));
  l.must(s.provision(BROKER, 'agent-a', ALICE));
  l.must(s.provision('agent-a', 'agent-b', ALICE, { parentAgentId: 'agent-a' }));
  l.must(s.provision(BROKER, 'agent-c', BOB));
  l.must(s.grantRoot(ALICE, 'd1', 'agent-a', 'e-alice'));
  l.must(s.grantFrom('agent-a', 'd2', 'agent-b', 'd1'));
  l.must(s.requestCredential('agent-a', 'c-a', 'd1'));
  return l;
}
