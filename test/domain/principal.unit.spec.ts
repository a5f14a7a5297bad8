// principal-<id> streams: registration, roles, entitlements, keys, deactivation.
import { Point } from '@noble/ed25519';
import { toBase64Url } from '../../src/integrity/bytes';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { keyOf } from './support/test-ledger';
import { ALICE, BOB, BROKER, emptyWorld, world } from './support/world';

const empty = deciderSpecification(emptyWorld);
const full = deciderSpecification(world);

describe('principal.registered', () => {
  test('an admin registers a human or a broker', () => {
    empty.given().when(s.register('admin', 'alice')).then({ type: 'principal.registered', stream: 'principal-alice' });
    empty.given().when(s.register('admin', 'idp', 'broker')).then({ type: 'principal.registered', stream: 'principal-idp' });
  });

  test('a broker registers humans, not brokers', () => {
    full.given().when(s.register(BROKER, 'carol')).then({ type: 'principal.registered' });
    full.given().when(s.register(BROKER, 'idp-2', 'broker')).thenRefused('actor.not_authorized', 'actor');
  });

  test('a human without a role registers nobody', () => {
    full.given().when(s.register(ALICE, 'carol')).thenRefused('actor.not_authorized');
  });

  test('an id already used by a principal or an agent is refused', () => {
    full.given().when(s.register('admin', ALICE)).thenRefused('principal.already_exists', 'body.principalId');
    full.given().when(s.register('admin', 'agent-a')).thenRefused('principal.already_exists', 'body.principalId');
  });

  test('every bad field is reported', () => {
    const l = emptyWorld();
    expect(l.refusal({ type: 'principal.registered', actor: 'admin', body: { principalId: 'a b', kind: 'agent', publicKey: 7, extra: true } })).toEqual([
      { code: 'body.invalid', path: 'body.extra' },
      { code: 'body.invalid', path: 'body.principalId' },
      { code: 'body.invalid', path: 'body.kind' },
      { code: 'body.invalid', path: 'body.name' },
      { code: 'key.malformed', path: 'body.publicKey' },
    ]);
  });

  test('a deactivated admin can no longer act', () => {
    empty
      .given(s.register('admin', 'ed'), s.grantRole('admin', 'ed', 'admin'), s.deactivate('ed', 'admin'))
      .when(s.register('admin', 'x'))
      .thenRefused('principal.deactivated', 'actor');
  });
});

describe('roles', () => {
  test('an admin grants a role; granting it again changes nothing', () => {
    const spec = full.given();
    spec.when(s.grantRole('admin', ALICE, 'auditor')).then({ type: 'principal.role_granted', stream: 'principal-alice' });
    expect(spec.ledger.view.principal(ALICE)?.roles).toEqual(['auditor']);
    full.given(s.grantRole('admin', ALICE, 'auditor')).when(s.grantRole('admin', ALICE, 'auditor')).thenRefused('state.unchanged', 'body.role');
  });

  test('only admins grant or revoke roles', () => {
    full.given().when(s.grantRole(BROKER, ALICE, 'admin')).thenRefused('actor.not_authorized');
    full.given().when(s.revokeRole(BROKER, BROKER, 'broker')).thenRefused('actor.not_authorized');
  });

  test('roles go to existing, active principals', () => {
    full.given().when(s.grantRole('admin', 'nobody', 'auditor')).thenRefused('principal.not_found', 'body.principalId');
    full.given().when(s.grantRole('admin', 'ledger', 'admin')).thenRefused('principal.not_found');
    full.given(s.deactivate('admin', BOB)).when(s.grantRole('admin', BOB, 'auditor')).thenRefused('principal.deactivated', 'body.principalId');
    full.given().when(s.grantRole('admin', ALICE, 'root')).thenRefused('body.invalid', 'body.role');
  });

  test('an admin revokes a role; revoking one not held changes nothing', () => {
    const spec = full.given();
    spec.when(s.revokeRole('admin', BROKER, 'broker')).then({ type: 'principal.role_revoked' });
    expect(spec.ledger.view.principal(BROKER)?.roles).toEqual([]);
    full.given().when(s.revokeRole('admin', ALICE, 'auditor')).thenRefused('state.unchanged');
  });

  test('the last active admin keeps the role, and is not deactivated', () => {
    full.given().when(s.revokeRole('admin', 'admin', 'admin')).thenRefused('principal.last_admin', 'body.principalId');
    full.given().when(s.deactivate('admin', 'admin')).thenRefused('principal.last_admin');
    full.given(s.grantRole('admin', ALICE, 'admin')).when(s.revokeRole('alice', 'admin', 'admin')).then({ type: 'principal.role_revoked' });
  });
});

describe('entitlements', () => {
  test('an admin grants an entitlement to a human', () => {
    const spec = full.given();
    spec.when(s.grantEntitlement('admin', BOB, 'e-bob')).then({ type: 'principal.entitlement_granted', stream: 'principal-bob' });
    expect(spec.ledger.view.entitlement('e-bob')).toMatchObject({ holderId: BOB, status: 'active', capability: s.PO });
  });

  test('only humans hold entitlements, only admins grant them, ids are unique', () => {
    full.given().when(s.grantEntitlement('admin', BROKER, 'e-x')).thenRefused('principal.not_human', 'body.principalId');
    full.given().when(s.grantEntitlement(BROKER, BOB, 'e-x')).thenRefused('actor.not_authorized');
    full.given().when(s.grantEntitlement('admin', BOB, 'e-alice')).thenRefused('entitlement.already_exists', 'body.entitlementId');
    full.given(s.deactivate('admin', BOB)).when(s.grantEntitlement('admin', BOB, 'e-x')).thenRefused('principal.deactivated');
  });

  test('a malformed capability reports every bad field with its path', () => {
    const l = world();
    const bad = { resource: 'erp://po/**/x', actions: [], conditions: { maxAmount: -1 }, extra: 1 };
    expect(l.refusal(s.grantEntitlement('admin', BOB, 'e-x', bad))).toEqual(
      expect.arrayContaining([
        { code: 'capability.malformed', path: 'body.capability.extra' },
        { code: 'capability.invalid_resource', path: 'body.capability.resource' },
        { code: 'capability.invalid_actions', path: 'body.capability.actions' },
        { code: 'capability.invalid_conditions', path: 'body.capability.conditions.maxAmount' },
      ]),
    );
  });

  test('an admin revokes an entitlement; revoking again changes nothing', () => {
    const spec = full.given();
    spec.when(s.revokeEntitlement('admin', ALICE, 'e-alice')).then({ type: 'principal.entitlement_revoked', stream: 'principal-alice' });
    expect(spec.ledger.view.entitlement('e-alice')?.status).toBe('revoked');
    full.given(s.revokeEntitlement('admin', ALICE, 'e-alice')).when(s.revokeEntitlement('admin', ALICE, 'e-alice')).thenRefused('state.unchanged');
  });

  test('revoking an entitlement the principal does not hold is refused', () => {
    full.given().when(s.revokeEntitlement('admin', BOB, 'e-alice')).thenRefused('entitlement.not_found', 'body.entitlementId');
    full.given().when(s.revokeEntitlement('admin', 'ghost', 'e-alice')).thenRefused('principal.not_found');
    full.given().when(s.revokeEntitlement(ALICE, ALICE, 'e-alice')).thenRefused('actor.not_authorized');
  });
});

describe('principal.key_rotated', () => {
  test('a principal rotates its own key (signed with the old one)', () => {
    const spec = full.given();
    spec.when(s.rotatePrincipalKey(ALICE, ALICE, keyOf('alice-2'))).then({ type: 'principal.key_rotated', stream: 'principal-alice' });
    expect(spec.ledger.view.principal(ALICE)?.key.encoded).toBe(keyOf('alice-2'));
  });

  test('an admin recovers a lost key; nobody else may rotate it', () => {
    full.given().when(s.rotatePrincipalKey('admin', ALICE, keyOf('alice-2'))).then({ type: 'principal.key_rotated' });
    full.given().when(s.rotatePrincipalKey(BOB, ALICE, keyOf('alice-2'))).thenRefused('actor.not_authorized');
  });

  test('the current key again, or a deactivated principal, is refused', () => {
    full.given().when(s.rotatePrincipalKey(ALICE, ALICE, keyOf(ALICE))).thenRefused('state.unchanged', 'body.publicKey');
    full.given(s.deactivate('admin', BOB)).when(s.rotatePrincipalKey('admin', BOB, keyOf('bob-2'))).thenRefused('principal.deactivated');
  });

  test('a key with a torsion component is refused', () => {
    // B + T8, T8 a point of order 8: a valid point, but with a torsion component.
    const t8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
    const torsioned = toBase64Url(Point.BASE.add(t8).toBytes());
    full.given().when(s.rotatePrincipalKey(ALICE, ALICE, torsioned)).thenRefused('key.torsion', 'body.publicKey');
    full.given().when(s.rotatePrincipalKey(ALICE, ALICE, 'xn03tfUgA9bhEGNZPfMlqKeDqjmHdpThqzhmwP6Arww')).thenRefused('key.malformed');
  });
});

describe('principal.deactivated', () => {
  test('an admin deactivates a principal; again changes nothing', () => {
    const spec = full.given();
    spec.when(s.deactivate('admin', BOB)).then({ type: 'principal.deactivated', stream: 'principal-bob' });
    expect(spec.ledger.view.principal(BOB)?.status).toBe('deactivated');
    full.given(s.deactivate('admin', BOB)).when(s.deactivate('admin', BOB)).thenRefused('state.unchanged');
    full.given().when(s.deactivate(BROKER, BOB)).thenRefused('actor.not_authorized');
  });
});
