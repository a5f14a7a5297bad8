// Replay and validation: folding the log gives the state the ledger had, and an event
// the rules would have refused, or whose recorded result they would not derive, is
// found on replay with its code (what the offline verifier relies on).
import { globalPosition } from '../../src/integrity/brands';
import { emptyLedgerState, replay, replayValidated, signerKeyFor, signerPublicKeyFor, validate, viewOf, type RecordedEvent } from '../../src/domain';
import { toBase64Url } from '../../src/integrity/bytes';
import { runCascade } from './support/cascades';
import * as s from './support/statements';
import { keyOf, type TestLedger } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

const bySigner = (e: RecordedEvent, view: Parameters<typeof signerKeyFor>[0]) => signerKeyFor(view, e.statement) ?? '';

/** A ledger that has been through every kind of event. */
function busyWorld(): TestLedger {
  const l = world();
  l.must(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [{ resource: 'erp://po/**', actions: ['create'], conditions: { maxAmount: 50_000, approvalAbove: 100, rate: { max: 5, perSeconds: 60 } } }] }));
  l.must(s.requestCredential('agent-c', 'c-c', 'd9'));
  l.must(s.act('agent-c', 'c-c', { amount: 50 }));
  l.must(s.act('agent-c', 'c-c', { requestId: 'r-1', amount: 500 }));
  l.must(s.approve(BOB, 'agent-c', 'r-1'));
  l.must(s.act('agent-c', 'c-c', { amount: 500, approvalId: 'r-1' }));
  l.must(s.act('agent-a', 'c-a', { amount: 90_000 }));
  l.must(s.changeModel(ALICE, 'agent-a'));
  l.must(s.review(ALICE, 'agent-a'));
  l.must(s.transfer('admin', 'agent-c', ALICE));
  l.must(s.rotatePrincipalKey(BOB, BOB, keyOf('bob-2')));
  l.must(s.rotateLedgerKey('ledger', keyOf('ledger-2')));
  runCascade(l, l.must(s.suspend(ALICE, 'agent-a')));
  l.must(s.checkpoint(l.state.size));
  l.must(s.deactivate('admin', BOB));
  return l;
}

test('replaying the log gives the same state', () => {
  const l = busyWorld();
  expect(replay(l.events)).toEqual(l.state);
});

test('every event the rules accepted validates on replay', () => {
  const l = busyWorld();
  const checked = replayValidated(l.events, bySigner);
  expect(checked.failure).toBeUndefined();
  expect(checked.state).toEqual(l.state);
});

/** Records a statement as an event without deciding it: what a forger (or a bug) would write. */
function forge(l: TestLedger, c: Parameters<TestLedger['statement']>[0], type: string, stream: string, result?: unknown): RecordedEvent {
  return l.record(l.statement(c), { type: type as never, stream, ...(result === undefined ? {} : { result: result as never }) });
}

function firstFailure(l: TestLedger) {
  const { failure } = replayValidated(l.events, bySigner);
  return failure === undefined ? undefined : { position: failure.position, code: failure.problems[0].code };
}

test('an attenuation breach is found at its position', () => {
  const l = world();
  const wide = { capabilities: [{ resource: 'erp://**', actions: ['create', 'delete'] }] };
  const bad = forge(l, s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', wide), 'delegation.granted', 'delegation-d9');
  expect(firstFailure(l)).toEqual({ position: bad.position, code: 'delegation.not_attenuated' });
});

test('a delegation by a suspended agent is found', () => {
  const l = world();
  l.must(s.suspend(ALICE, 'agent-a'));
  const bad = forge(l, s.grantFrom('agent-a', 'd9', 'agent-c', 'd1'), 'delegation.granted', 'delegation-d9');
  expect(firstFailure(l)).toEqual({ position: bad.position, code: 'agent.suspended' });
});

test('a statement signed with a rotated-out key is found', () => {
  const l = world();
  l.must(s.rotatePrincipalKey(ALICE, ALICE, keyOf('alice-2')));
  const e = l.must(s.revokeDelegation(ALICE, 'd2'));
  const before = replay(l.events.slice(0, e.position));
  expect(validate(viewOf(before), e, keyOf(ALICE))).toMatchObject({ ok: false, problems: [{ code: 'actor.key_not_current', path: 'signature' }] });
  expect(validate(viewOf(before), e, keyOf('alice-2'))).toEqual({ ok: true, value: undefined });
});

test('a forged decision is found: outcome, result or stream', () => {
  const denied = world();
  const e = denied.must(s.act('agent-a', 'c-a', { amount: 90_000 }));
  const before = viewOf(replay(denied.events.slice(0, e.position)));
  const key = keyOf('agent-a');
  expect(validate(before, { ...e, type: 'action.authorized' }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.type_mismatch' }] });
  expect(validate(before, { ...e, stream: 'actions-agent-b' }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.stream_mismatch' }] });
  const forged = { ...(e.result as object), reason: 'credential.expired' };
  expect(validate(before, { ...e, result: forged }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch', path: 'result' }] });
  expect(validate(before, { ...e, result: undefined }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
});

test('a credential recorded with a longer life than the rules give is found', () => {
  const l = world();
  const e = l.must(s.requestCredential('agent-a', 'c9', 'd1'));
  const before = viewOf(replay(l.events.slice(0, e.position)));
  const longer = { ...(e.result as object), expiresAt: '2026-12-24T10:00:00.000Z' };
  expect(validate(before, { ...e, result: longer }, keyOf('agent-a'))).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
});

test('a credential recorded before token formats (no tokenFormat) still validates, only in exactly that form', () => {
  const l = world();
  const e = l.must(s.requestCredential('agent-a', 'c9', 'd1'));
  const before = viewOf(replay(l.events.slice(0, e.position)));
  const key = keyOf('agent-a');
  const { tokenFormat, ...earlier } = e.result as { tokenFormat?: string };
  expect(tokenFormat).toBe('rfc9068');
  expect(validate(before, { ...e, result: earlier as never }, key)).toEqual({ ok: true, value: undefined });
  // The earlier form is no door to a different result...
  const longer = { ...earlier, expiresAt: '2026-12-24T10:00:00.000Z' };
  expect(validate(before, { ...e, result: longer as never }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
  // ...nor to an unknown format.
  expect(validate(before, { ...e, result: { ...earlier, tokenFormat: 'writ-v9' } as never }, key)).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
});

test('a credential that names an audience must record the format that carries it', () => {
  const l = world();
  const e = l.must(s.requestCredential('agent-a', 'c9', 'd1', { audience: 'https://erp.example/api' }));
  const before = viewOf(replay(l.events.slice(0, e.position)));
  const { tokenFormat: _format, ...earlier } = e.result as { tokenFormat?: string };
  expect(validate(before, { ...e, result: earlier as never }, keyOf('agent-a'))).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
});

test('a gap in positions and a replayed nonce are found', () => {
  const l = world();
  const e = l.must(s.register('admin', 'carol'));
  const view = viewOf(replay(l.events.slice(0, e.position)));
  expect(validate(view, { ...e, position: globalPosition(e.position + 1) }, keyOf('admin'))).toMatchObject({ ok: false, problems: [{ code: 'replay.position_mismatch' }] });
  const twice = world();
  const first = twice.must({ ...s.register('admin', 'carol'), nonce: 'nonce-same-01' });
  forge(twice, { ...s.register('admin', 'dave'), nonce: 'nonce-same-01' }, 'principal.registered', 'principal-dave');
  expect(firstFailure(twice)).toEqual({ position: first.position + 1, code: 'statement.replayed' });
});

test('a forged genesis key is found: genesis must be signed with the key it names', () => {
  const view = viewOf(emptyLedgerState());
  const l = world();
  const genesis = l.events[0]!;
  expect(validate(view, genesis, keyOf('ledger'))).toEqual({ ok: true, value: undefined });
  expect(validate(view, genesis, keyOf('mallory'))).toMatchObject({ ok: false, problems: [{ code: 'actor.key_not_current' }] });
  expect(signerKeyFor(view, { ...genesis.statement, body: null })).toBeUndefined();
});

test('a result without a JSON form never matches', () => {
  const l = world();
  const e = l.must(s.act('agent-a', 'c-a'));
  const view = viewOf(replay(l.events.slice(0, e.position)));
  expect(validate(view, { ...e, result: { chain: [Number.NaN] } }, keyOf('agent-a'))).toMatchObject({ ok: false, problems: [{ code: 'replay.result_mismatch' }] });
});

test('the checked signer key is kept in the state, so verifiers do no key work per signature', () => {
  const l = world();
  const view = viewOf(emptyLedgerState());
  const genesis = l.events[0]!;
  expect(toBase64Url(signerPublicKeyFor(view, genesis.statement)!.bytes)).toBe(keyOf('ledger'));
  const agentKey = signerPublicKeyFor(l.view, l.statement(s.act('agent-a', 'c-a')));
  expect(agentKey).toBe(l.view.agent('agent-a')!.key.checked);
  expect(signerPublicKeyFor(l.view, l.statement(s.register('nobody', 'x')))).toBeUndefined();
});
