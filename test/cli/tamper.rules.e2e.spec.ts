// Events correctly signed, sealed and chained but invalid under the rules at their
// point: written straight into a real store, bypassing decide, so only the verifier's
// re-check of the domain rules can catch them.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Statement } from '../../src/integrity/statement';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { treeSize as treeSize_ } from '../../src/integrity/brands';
import { bytesToHex, fromBase64Url } from '../../src/integrity/bytes';
import { signCheckpoint } from '../../src/integrity/checkpoint';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { inDays } from '../support/ledger-fixtures';
import { builderActor, buildLedger, CAPABILITY, openRuntime, signAs, type BuilderActor, type BuiltLedger } from '../support/ledger-builder';
import { copyLedger, envelopeAt, forgeAppend, withDb, writ, type Report } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let x: BuilderActor;
let y: BuilderActor;

beforeAll(async () => {
  built = await buildLedger({ events: 80, agentsPerRound: 5, actionsPerAgent: 1 });
  [x, y] = [...built.agents.values()].slice(3, 5) as [BuilderActor, BuilderActor];
});

const statement = (by: BuilderActor, type: string, body: object): Statement => ({
  v: 1, ledgerId: built.ledgerId, type, actor: by.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body,
});

const childGrant = (capabilities: object[]) => ({
  delegationId: 'd-forged', delegateeId: y.id, parentId: `d-${x.id}`, capabilities, notBefore: inDays(-1), notAfter: inDays(29), depth: 0, purpose: 'forged',
});

function verifyStore(dir: string): { code: number | null; report: Report } {
  const run = writ('verify', '--store', dir, '--json', '--key', built.verifierKey);
  return { code: run.code, report: run.json<Report>() };
}

/** Submits real statements through the runtime on a copy, then closes it. */
async function live(dir: string, ...steps: [BuilderActor, string, object][]): Promise<void> {
  const runtime = await openRuntime(join(dir, 'writ.db'), built.ledger);
  try {
    for (const [by, type, body] of steps) {
      const r = await runtime.submit(signAs(by, statement(by, type, body)));
      if (!r.ok) throw new Error(`${type}: ${JSON.stringify(r.problems)}`);
    }
    await runtime.idle();
  } finally {
    await runtime.close();
  }
}

it('a well-formed child delegation still verifies (the control case)', async () => {
  const dir = copyLedger(built.dataDir);
  await live(dir, [x, 'delegation.granted', childGrant([{ resource: 'erp://po/orders/*', actions: ['read'], conditions: { maxAmount: 10 } }])]);
  expect(verifyStore(dir)).toMatchObject({ code: 0, report: { ok: true } });
});

it('an attenuation breach: a child delegation wider than its parent', () => {
  const dir = copyLedger(built.dataDir);
  const wider = { ...CAPABILITY, resource: 'erp://**', actions: ['create', 'read', 'delete'] };
  const p = forgeAppend(dir, x, statement(x, 'delegation.granted', childGrant([wider])), 'delegation.granted', 'delegation-d-forged');
  const { code, report } = verifyStore(dir);
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ position: p, code: 'delegation.not_attenuated' })]);
});

it('a delegation by a suspended agent', async () => {
  const dir = copyLedger(built.dataDir);
  await live(dir, [built.human, 'agent.suspended', { agentId: x.id, reason: 'incident' }]);
  const narrow = [{ resource: 'erp://po/orders/*', actions: ['read'], conditions: { maxAmount: 10 } }];
  const p = forgeAppend(dir, x, statement(x, 'delegation.granted', childGrant(narrow)), 'delegation.granted', 'delegation-d-forged');
  expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'agent.suspended' })]);
});

it('a statement signed with a key the actor had rotated out', async () => {
  const dir = copyLedger(built.dataDir);
  const old = { ...x };
  const next = builderActor('next');
  await live(dir, [x, 'agent.key_rotated', { agentId: x.id, publicKey: next.publicKey }]);
  const request = statement(old, 'credential.request', { credentialId: 'c-forged', delegationId: `d-${x.id}`, task: { id: 'restock' }, ttlSeconds: 600 });
  const p = forgeAppend(dir, old, request, 'credential.issued', 'credential-c-forged');
  expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'actor.key_not_current', path: 'signature' })]);
  const threaded = writ('verify', '--store', dir, '--json', '--workers', '2').json<Report>();
  expect(threaded.findings).toEqual([expect.objectContaining({ position: p, code: 'actor.key_not_current' })]);
});

it('a statement by an actor the ledger never registered', () => {
  const dir = copyLedger(built.dataDir);
  const stranger = builderActor('stranger');
  const p = forgeAppend(dir, stranger, statement(stranger, 'principal.role_granted', { principalId: built.human.id, role: 'admin' }), 'principal.role_granted', `principal-${built.human.id}`);
  expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'actor.unknown' })]);
});

describe('an orphaned agent: its owner deactivated, its chain granted by a human still active (invariant 7)', () => {
  const olga = builderActor('olga');
  const agent = builderActor('olgas-agent');
  const order = (n: number) => ({ requestId: `r-orphan-${n}`, credentialId: 'c-orphan', action: 'create', resource: `erp://po/orders/o-${n}`, amount: 10, taskId: 'restock' });
  const credential = (id: string) => ({ credentialId: id, delegationId: 'd-orphan', task: { id: 'restock' }, ttlSeconds: 3600 });

  /** A copy where the agent got a credential and one allowed decision, then Olga was deactivated. */
  async function orphanedCopy(): Promise<string> {
    const dir = copyLedger(built.dataDir);
    await live(
      dir,
      [built.admin, 'principal.registered', { principalId: olga.id, kind: 'human', name: 'Olga', publicKey: olga.publicKey }],
      [built.admin, 'agent.provisioned', { agentId: agent.id, ownerId: olga.id, publicKey: agent.publicKey, purpose: 'procurement', model: { name: 'm', version: '1' } }],
      [built.human, 'delegation.granted', { delegationId: 'd-orphan', delegateeId: agent.id, entitlementId: 'ent-1', capabilities: [CAPABILITY], notBefore: inDays(-1), notAfter: inDays(29), depth: 0, purpose: 'buy' }],
      [agent, 'credential.request', credential('c-orphan')],
      [agent, 'action.request', order(1)],
      [built.admin, 'principal.deactivated', { principalId: olga.id, reason: 'left' }],
    );
    return dir;
  }

  /** The result the service recorded for the agent's event of that type, before Olga left. */
  const recorded = (dir: string, type: string): unknown =>
    withDb(dir, (db) => {
      const row = db.prepare('SELECT position FROM events WHERE type = ? AND actor = ?').get(type, agent.id) as { position: number };
      return envelopeAt(db, row.position).result;
    });

  it('the control case: the service records its decisions as denials, and the log verifies', async () => {
    const dir = await orphanedCopy();
    await live(dir, [agent, 'action.request', order(2)]);
    expect(withDb(dir, (db) => db.prepare("SELECT count(*) AS n FROM events WHERE type = 'action.denied' AND actor = ?").get(agent.id))).toEqual({ n: 1 });
    expect(verifyStore(dir)).toMatchObject({ code: 0, report: { ok: true } });
  });

  it('an allowed decision, as the code before the rule recorded it, is refused at its position', async () => {
    const dir = await orphanedCopy();
    // The same chain, unchanged since the allowed decision before: exactly what the old rule derived.
    const allowed = recorded(dir, 'action.authorized');
    const p = forgeAppend(dir, agent, statement(agent, 'action.request', order(2)), 'action.authorized', `actions-${agent.id}`, allowed);
    const { code, report } = verifyStore(dir);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ position: p, code: 'replay.type_mismatch', message: expect.stringContaining('action.denied (agent.orphaned)') })]);
  });

  it('a credential issued to it is refused at its position', async () => {
    const dir = await orphanedCopy();
    const issued = recorded(dir, 'credential.issued');
    const p = forgeAppend(dir, agent, statement(agent, 'credential.request', credential('c-forged')), 'credential.issued', 'credential-c-forged', issued);
    expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'agent.orphaned', path: 'statement.body.delegationId' })]);
  });
});

describe('a recorded checkpoint', () => {
  const forgeCheckpoint = (dir: string, signer: BuilderActor, treeSize: number, rootHash: Uint8Array): number => {
    const origin = built.origin;
    const note = signCheckpoint({ origin, size: treeSize_(treeSize), rootHash }, { name: origin, publicKey: fromBase64Url(signer.publicKey)!, sign: (m) => seedSigner(signer.seed).sign(m) });
    if (!note.ok) throw new Error(note.problems[0].message);
    const body = { treeSize, rootHash: bytesToHex(rootHash), note: note.value };
    return forgeAppend(dir, built.ledger, statement(built.ledger, 'checkpoint.recorded', body), 'checkpoint.recorded', 'checkpoints');
  };

  it('signed by the ledger key over a root the log does not have', () => {
    const dir = copyLedger(built.dataDir);
    const p = forgeCheckpoint(dir, built.ledger, built.size, new Uint8Array(32).fill(7));
    expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'verify.checkpoint_mismatch' })]);
  });

  it('whose note is signed by another key', () => {
    const dir = copyLedger(built.dataDir);
    const p = forgeCheckpoint(dir, builderActor('mallory'), built.size, new Uint8Array(32).fill(7));
    expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: expect.stringMatching(/^note\./) })]);
  });
});
