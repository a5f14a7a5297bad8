// The projection is a pure evolve over rows (STYLE.md example 9): given rows, when an
// event, then these row versions; applied by the store on in-memory SQLite.
import fc from 'fast-check';
import type { RecordedEvent } from '../../domain';
import { globalPosition } from '../../integrity/brands';
import { canonicalize, type JsonValue } from '../../integrity/jcs';
import { chainText, evolveRows } from './evolve-rows';
import { ProjectionStore } from './projection-store';
import { OPEN, type RowReader } from './rows';

let position = 0;
const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();
function event(type: string, actor: string, body: object, result?: unknown): RecordedEvent {
  const p = position++;
  const base = { type, stream: 's', statement: { v: 1, ledgerId: 'l', type, actor, nonce: `n${p}`, issuedAt: at(p), body }, recordedAt: at(p), hash: p.toString(16).padStart(64, '0'), position: globalPosition(p) };
  return (result === undefined ? base : { ...base, result }) as RecordedEvent;
}

const empty: RowReader = { principal: () => undefined, entitlement: () => undefined, agent: () => undefined, delegation: () => undefined, credential: () => undefined };

beforeEach(() => {
  position = 0;
});

test('evolve is pure: the same rows and event give the same changes, and nothing is written', () => {
  const e = event('principal.registered', 'admin', { principalId: 'h1', kind: 'human', name: 'H', publicKey: 'k' });
  expect(evolveRows(empty, e)).toEqual(evolveRows(empty, e));
  expect(evolveRows(empty, e).versions).toEqual([{ table: 'principals', row: { id: 'h1', kind: 'human', name: 'H', roles: '[]', status: 'active', registered_by: 'admin', registered_at: Date.parse(at(0)) } }]);
});

test('an event without rows of its own still lands in the feed; an unknown subject changes nothing', () => {
  const e = event('agent.suspended', 'admin', { agentId: 'ghost' });
  const changes = evolveRows(empty, e);
  expect(changes.versions).toEqual([]);
  expect(changes.event).toMatchObject({ position: 0, type: 'agent.suspended', actor: 'admin' });
});

// chainText writes a decision's chain without the general canonicalizer (decisions are
// most of a rebuild); what it writes must still be the RFC 8785 text of the chain as
// recorded, missing hash and position written as null, a missing capability left out.
test('a chain is written as its canonical (RFC 8785) text, whatever its ids, hashes and numbers', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const num = fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const hop = fc.record({ kind: text, id: text, hash: fc.option(text, { nil: undefined }), position: fc.option(num, { nil: undefined }), capability: fc.option(num, { nil: undefined }) }, { requiredKeys: ['kind', 'id'] });
  fc.assert(
    fc.property(fc.array(hop, { maxLength: 8 }), (chain) => {
      const recorded = chain.map((h) => ({ ...(h.capability === undefined ? {} : { capability: h.capability }), hash: h.hash ?? null, id: h.id, kind: h.kind, position: h.position ?? null }));
      expect(chainText(chain)).toBe(canonicalize(recorded as JsonValue));
    }),
  );
});

describe('on in-memory SQLite', () => {
  let store: ProjectionStore;
  beforeEach(() => {
    store = new ProjectionStore(':memory:');
  });
  afterEach(() => store.close());

  test('each change closes the current version at its position and opens the next', () => {
    store.apply([
      event('principal.registered', 'admin', { principalId: 'h1', kind: 'human', name: 'H', publicKey: 'k' }),
      event('agent.provisioned', 'h1', { agentId: 'a1', ownerId: 'h1', publicKey: 'k', purpose: 'p', model: { name: 'm', version: '1' } }),
      event('agent.provisioned', 'a1', { agentId: 'a2', ownerId: 'h1', publicKey: 'k', purpose: 'p', model: { name: 'm', version: '1' }, parentAgentId: 'a1' }),
      event('agent.suspended', 'h1', { agentId: 'a2' }),
      event('agent.resumed', 'h1', { agentId: 'a2' }),
    ]);
    const versions = store.db.prepare("SELECT vf, vt, lifecycle, path FROM agents WHERE id = 'a2' ORDER BY vf").all();
    expect(versions).toEqual([
      { vf: 2, vt: 3, lifecycle: 'active', path: '/a1/a2' },
      { vf: 3, vt: 4, lifecycle: 'suspended', path: '/a1/a2' },
      { vf: 4, vt: OPEN, lifecycle: 'active', path: '/a1/a2' },
    ]);
    expect(store.rowAt('agents', 'a2', 3)?.lifecycle).toBe('suspended');
    expect(store.rowAt('agents', 'a2', 1)).toBeUndefined();
    expect(store.position).toBe(4);
  });

  test('a batch overlapping what was applied is applied once; a gap is refused', () => {
    const events = [event('principal.registered', 'admin', { principalId: 'h1', kind: 'human', name: 'H', publicKey: 'k' }), event('principal.deactivated', 'admin', { principalId: 'h1' })];
    store.apply(events.slice(0, 1));
    store.apply(events);
    expect(store.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    expect(() => store.apply([event('principal.deactivated', 'admin', { principalId: 'h1' }), event('principal.deactivated', 'admin', { principalId: 'h1' })].slice(1))).toThrow(/expected position 2/);
  });

  test('a delegation chain keeps its root human and paths; decisions record the hops they used', () => {
    store.apply([
      event('principal.entitlement_granted', 'admin', { principalId: 'h1', entitlementId: 'e1', capability: { resource: 'x://**', actions: ['read'] } }),
      event('delegation.granted', 'h1', { delegationId: 'd1', delegateeId: 'a1', entitlementId: 'e1', capabilities: [{ resource: 'x://**', actions: ['read'] }], notBefore: at(0), notAfter: at(100), depth: 1, purpose: 'p' }),
      event('delegation.granted', 'a1', { delegationId: 'd2', delegateeId: 'a2', parentId: 'd1', capabilities: [{ resource: 'x://a/*', actions: ['read'] }], notBefore: at(0), notAfter: at(90), depth: 0, purpose: 'p' }),
      event('action.authorized', 'a2', { requestId: 'r1', credentialId: 'c1', action: 'read', resource: 'x://a/1', taskId: 't' }, {
        decision: 'allowed',
        chain: [{ kind: 'delegation', id: 'd2', hash: 'h', position: 2, capability: 0 }, { kind: 'delegation', id: 'd1', hash: 'h', position: 1, capability: 0 }, { kind: 'principal', id: 'h1', hash: 'h', position: 0 }],
      }),
    ]);
    expect(store.rowAt('delegations', 'd2', 3)).toMatchObject({ root_human_id: 'h1', path: '/d1/d2', agent_path: '/a1/a2', entitlement_id: 'e1' });
    expect(store.db.prepare('SELECT h.delegation_id, h.capability, d.action FROM chain_hops h JOIN events d ON d.chain_id = h.chain_id ORDER BY 1').all()).toEqual([
      { delegation_id: 'd1', capability: 0, action: 'read' },
      { delegation_id: 'd2', capability: 0, action: 'read' },
    ]);
    expect(store.db.prepare('SELECT outcome, root_human_id, delegation_id FROM events WHERE chain_id IS NOT NULL').get()).toEqual({ outcome: 'allowed', root_human_id: 'h1', delegation_id: 'd2' });
  });
});
