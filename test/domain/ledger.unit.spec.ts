// Genesis, ledger key rotation, recorded checkpoints, and the checks every statement
// goes through (type, body, ledger, nonce, clock, actor).
import { DEFAULT_POLICY, decide, emptyLedgerState, formatInstant, viewOf } from '../../src/domain';
import { toBase64Url } from '../../src/integrity/bytes';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { HOUR, TestLedger, keyOf } from './support/test-ledger';
import { emptyWorld } from './support/world';

const fresh = deciderSpecification(() => new TestLedger());
const started = deciderSpecification(emptyWorld);

describe('ledger.genesis', () => {
  test('a genesis registers the ledger principal and the first admins, with the default policy', () => {
    const spec = fresh.given();
    spec.when(s.genesis()).then({ type: 'ledger.genesis', stream: 'ledger', result: { policy: DEFAULT_POLICY } });
    const l = spec.ledger;
    expect(l.view.ledger()).toMatchObject({ ledgerId: 'ledger-1', principalId: 'ledger', policy: DEFAULT_POLICY });
    expect(l.view.principal('admin')).toMatchObject({ kind: 'human', roles: ['admin'], status: 'active' });
    expect(l.view.principal('ledger')?.key.encoded).toBe(keyOf('ledger'));
    expect(l.view.principal('ledger')?.key.checked).toBeDefined();
  });

  test('a genesis may set the policy; the recorded result carries the effective one', () => {
    const policy = { credentialTtlSeconds: 60, approvalTtlSeconds: 120 };
    fresh.given().when(s.genesis({ policy })).then({ result: { policy: { ...DEFAULT_POLICY, ...policy } } });
  });

  test('orphanedAgents is recorded only when the genesis names it, so older genesis results re-derive unchanged', () => {
    const plain = fresh.given().when(s.genesis()).then({ type: 'ledger.genesis' });
    expect(plain.result).toEqual({ policy: DEFAULT_POLICY });
    expect(Object.keys(DEFAULT_POLICY)).not.toContain('orphanedAgents');
    const allow = fresh.given().when(s.genesis({ policy: { orphanedAgents: 'allow' } })).then({ type: 'ledger.genesis' });
    expect(allow.result).toEqual({ policy: { ...DEFAULT_POLICY, orphanedAgents: 'allow' } });
    fresh.given().when(s.genesis({ policy: { orphanedAgents: 'deny' } })).then({ result: { policy: { orphanedAgents: 'deny' } } });
    fresh.given().when(s.genesis({ policy: { orphanedAgents: 'sometimes' } })).thenRefused('body.invalid', 'body.policy.orphanedAgents');
  });

  test('a second genesis is refused', () => {
    started.given().when(s.genesis()).thenRefused('ledger.already_initialized', 'type');
  });

  test('every bad field of a genesis is reported with its path', () => {
    const l = new TestLedger();
    const refusal = l.refusal(
      s.genesis({
        publicKey: 'not base64!',
        admins: [{ principalId: '', kind: 'robot', name: 'x', publicKey: keyOf('a') }, { principalId: 'a2' }],
        policy: { credentialTtlSeconds: 7200, maxCredentialTtlSeconds: 3600, extra: 1 },
      }),
    );
    expect(refusal).toEqual(
      expect.arrayContaining([
        { code: 'key.malformed', path: 'body.publicKey' },
        { code: 'body.invalid', path: 'body.admins[0].principalId' },
        { code: 'body.invalid', path: 'body.admins[0].kind' },
        { code: 'body.invalid', path: 'body.admins[1].name' },
        { code: 'key.malformed', path: 'body.admins[1].publicKey' },
        { code: 'body.invalid', path: 'body.policy.extra' },
        { code: 'body.invalid', path: 'body.policy.credentialTtlSeconds' },
      ]),
    );
  });

  test('admins are listed once, at least one, and never share the ledger id', () => {
    const admin = { principalId: 'x', kind: 'human', name: 'X', publicKey: keyOf('x') };
    fresh.given().when(s.genesis({ admins: [admin, admin] })).thenRefused('body.invalid', 'body.admins[1].principalId');
    fresh.given().when(s.genesis({ admins: [] })).thenRefused('body.invalid', 'body.admins');
    fresh.given().when(s.genesis({ admins: [{ ...admin, principalId: 'ledger' }] })).thenRefused('body.invalid', 'body.admins[0].principalId');
  });

  test('a small-order ledger key is refused by the key policy', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point: small order
    fresh.given().when(s.genesis({ publicKey: toBase64Url(identity) })).thenRefused('key.small_order', 'body.publicKey');
  });

  test('a genesis issued outside the skew window is refused', () => {
    fresh.given().when({ ...s.genesis(), issuedAt: formatInstant(Date.parse('2026-11-24T09:00:00.000Z')) }).thenRefused('statement.issued_at_skew', 'issuedAt');
  });
});

describe('checks every statement goes through', () => {
  test('nothing but genesis is decided before genesis', () => {
    fresh.given().when(s.register('admin', 'alice')).thenRefused('ledger.not_initialized');
  });

  test('an unknown statement type is refused', () => {
    started.given().when({ type: 'agent.teleported', actor: 'admin', body: {} }).thenRefused('statement.unknown_type', 'type');
  });

  test('a statement for another ledger is refused', () => {
    started.given().when({ ...s.register('admin', 'alice'), ledgerId: 'ledger-2' }).thenRefused('statement.wrong_ledger', 'ledgerId');
  });

  test('a replayed (actor, nonce) is refused and names the original position', () => {
    const spec = started.given();
    const first = spec.ledger.must({ ...s.register('admin', 'alice'), nonce: 'nonce-fixed-1' });
    const again = spec.ledger.decide({ ...s.register('admin', 'bob'), nonce: 'nonce-fixed-1' });
    expect(again).toMatchObject({ ok: false, problems: [{ code: 'statement.replayed', path: 'nonce', details: { position: first.position } }] });
    spec.when({ ...s.register('admin', 'bob'), actor: 'admin', nonce: 'nonce-fixed-1' }).thenRefused('statement.replayed');
  });

  test('the same nonce from another actor is fine', () => {
    started
      .given({ ...s.register('admin', 'alice'), nonce: 'nonce-fixed-1' }, s.grantRole('admin', 'alice', 'admin'))
      .when({ ...s.register('alice', 'bob'), nonce: 'nonce-fixed-1' })
      .then({ type: 'principal.registered' });
  });

  test('a statement issued too far from the ledger clock is refused, either side', () => {
    const l = emptyWorld();
    const late = formatInstant(l.now - 301_000);
    const early = formatInstant(l.now + 301_000);
    expect(l.refusal({ ...s.register('admin', 'alice'), issuedAt: late })).toEqual([{ code: 'statement.issued_at_skew', path: 'issuedAt' }]);
    expect(l.refusal({ ...s.register('admin', 'alice'), issuedAt: early })).toEqual([{ code: 'statement.issued_at_skew', path: 'issuedAt' }]);
    expect(l.submit({ ...s.register('admin', 'alice'), issuedAt: formatInstant(l.now - 299_000) }).ok).toBe(true);
  });

  test('an unknown actor is refused', () => {
    started.given().when(s.register('mallory', 'alice')).thenRefused('actor.unknown', 'actor');
  });

  test('a body that is not an object is refused', () => {
    started.given().when({ type: 'principal.registered', actor: 'admin', body: [1] }).thenRefused('body.invalid', 'body');
  });

  test('a malformed recordedAt (from a damaged log) is refused, not thrown', () => {
    const l = emptyWorld();
    const r = decide(l.view, { statement: l.statement(s.register('admin', 'alice')), recordedAt: 'yesterday' });
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'envelope.malformed', path: 'recordedAt' }] });
  });
});

describe('ledger.key_rotated', () => {
  test('the ledger rotates its own key', () => {
    const spec = started.given();
    spec.when(s.rotateLedgerKey('ledger', keyOf('ledger-2'))).then({ type: 'ledger.key_rotated', stream: 'ledger' });
    expect(spec.ledger.view.principal('ledger')?.key.encoded).toBe(keyOf('ledger-2'));
  });

  test('an admin may rotate the ledger key for recovery', () => {
    started.given().when(s.rotateLedgerKey('admin', keyOf('ledger-2'))).then({ type: 'ledger.key_rotated' });
  });

  test('nobody else may', () => {
    started.given(s.register('admin', 'alice')).when(s.rotateLedgerKey('alice', keyOf('ledger-2'))).thenRefused('actor.not_authorized', 'actor');
  });

  test('rotating to the current key changes nothing and is refused', () => {
    started.given().when(s.rotateLedgerKey('ledger', keyOf('ledger'))).thenRefused('state.unchanged', 'body.publicKey');
  });
});

describe('checkpoint.recorded', () => {
  test('the ledger records a checkpoint of the log so far', () => {
    const spec = started.given(s.register('admin', 'alice'));
    spec.when(s.checkpoint(2)).then({ type: 'checkpoint.recorded', stream: 'checkpoints' });
    expect(spec.ledger.view.ledger()?.checkpointSize).toBe(2);
  });

  test('a checkpoint beyond the log or smaller than the last one is refused', () => {
    started.given().when(s.checkpoint(5)).thenRefused('checkpoint.size_invalid', 'body.treeSize');
    started.given(s.register('admin', 'alice'), s.checkpoint(2)).when(s.checkpoint(1)).thenRefused('checkpoint.size_invalid');
  });

  test('only the ledger records checkpoints', () => {
    started.given().when(s.checkpoint(1, 'admin')).thenRefused('actor.not_authorized');
  });

  test('a malformed checkpoint reports each field', () => {
    const l = emptyWorld();
    expect(l.refusal({ type: 'checkpoint.recorded', actor: 'ledger', body: { treeSize: 0, rootHash: 'AB', note: '' } })).toEqual([
      { code: 'body.invalid', path: 'body.treeSize' },
      { code: 'body.invalid', path: 'body.rootHash' },
      { code: 'body.invalid', path: 'body.note' },
    ]);
  });
});

test('the view of an empty state knows nothing', () => {
  const view = viewOf(emptyLedgerState());
  expect([view.size, view.ledger(), view.activeAdminCount(), view.childDelegations('x')]).toEqual([0, undefined, 0, []]);
  expect(HOUR).toBe(3_600_000);
});
