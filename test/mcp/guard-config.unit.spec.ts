// The guard's configuration file: what it takes and how a bad one is reported.
import { parseGuardConfig } from '../../src/sdk/node/mcp-guard/guard-config';

const GOOD = {
  service: 'http://127.0.0.1:4000',
  ledgerId: 'ledger-1',
  keyFile: 'agent.key.json',
  delegationId: 'd-proc',
  taskId: 'restock',
  servers: { erp: { command: 'node', args: ['server.js'] }, crm: { url: 'https://crm.example/mcp', headers: { authorization: 'Bearer x' }, toolPrefix: 'crm_' } },
  tools: { 'erp/create_order': { action: 'create', resource: 'erp://po/orders/{orderId}', amount: 'total' } },
};

test('a good configuration is read with defaults filled in', () => {
  const r = parseGuardConfig(GOOD);
  expect(r).toMatchObject({ ok: true, value: { servers: [{ name: 'erp', command: 'node', args: ['server.js'], toolPrefix: '' }, { name: 'crm', url: 'https://crm.example/mcp', toolPrefix: 'crm_' }] } });
});

test.each([
  ['no credential source', { delegationId: undefined }, 'delegationId'],
  ['two credential sources', { credential: 'a.b.c' }, 'delegationId'],
  ['a delegation without a task', { taskId: undefined }, 'taskId'],
  ['no servers', { servers: {} }, 'servers'],
  ['a server name that is not a resource segment', { servers: { 'E RP': { command: 'x' } } }, 'servers.E RP'],
  ['a server with both command and url', { servers: { erp: { command: 'x', url: 'http://x' } } }, 'servers.erp'],
  ['a non-http url', { servers: { erp: { url: 'file:///x' } } }, 'servers.erp.url'],
  ['args that are not strings', { servers: { erp: { command: 'x', args: [1] } } }, 'servers.erp.args'],
  ['an unknown field', { listen: 1 }, 'listen'],
  ['a bad ttl', { credentialTtlSeconds: 0 }, 'credentialTtlSeconds'],
  ['a bad ledger id', { ledgerId: 'a b' }, 'ledgerId'],
])('%s is refused at %s', (_why, change, path) => {
  const r = parseGuardConfig({ ...GOOD, ...change });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ code: 'mcp.config_invalid', path }));
});

test('every bad field is reported, not only the first', () => {
  const r = parseGuardConfig({ service: 1, servers: 2 });
  expect(r.ok ? [] : r.problems.map((p) => p.path).sort()).toEqual(['delegationId', 'ledgerId', 'servers', 'service']);
});
