// How a tool call becomes a Writ request, and which tools a credential reaches.
import { parseToolMapping, requestFor, toolReachable } from '../../src/sdk/node/mcp-guard/tool-mapping';

const ORDERS = { action: 'create', resource: 'erp://po/orders/{orderId}', amount: 'total' };

describe('requestFor', () => {
  test('by default the action is the tool and the resource mcp://<server>/<tool>', () => {
    expect(requestFor('erp', 'create_order', { total: 5 })).toEqual({ ok: true, value: { action: 'create_order', resource: 'mcp://erp/create_order' } });
  });

  test('a template is filled from the arguments, the amount read from its argument', () => {
    expect(requestFor('erp', 'create_order', { orderId: 'o-1', total: 120 }, ORDERS)).toEqual({ ok: true, value: { action: 'create', resource: 'erp://po/orders/o-1', amount: 120 } });
    expect(requestFor('erp', 'create_order', { orderId: 42, total: 0 }, ORDERS)).toMatchObject({ ok: true, value: { resource: 'erp://po/orders/42', amount: 0 } });
  });

  test('resourceArgument takes the whole resource from one argument', () => {
    expect(requestFor('crm', 'fetch', { uri: 'crm://customers/7' }, { resourceArgument: 'uri' })).toMatchObject({ ok: true, value: { action: 'fetch', resource: 'crm://customers/7' } });
    expect(requestFor('crm', 'fetch', { uri: 'crm://customers/*' }, { resourceArgument: 'uri' })).toMatchObject({ ok: false, problems: [{ code: 'mcp.bad_arguments', path: 'arguments.uri' }] });
  });

  test.each([
    ['a missing placeholder argument', { total: 1 }, 'arguments.orderId'],
    ['a value with a slash', { orderId: 'a/b', total: 1 }, 'arguments.orderId'],
    ['a wildcard value', { orderId: '*', total: 1 }, 'arguments'],
    ['a dot segment', { orderId: '..', total: 1 }, 'arguments'],
    ['a percent-encoded value', { orderId: 'a%2Fb', total: 1 }, 'arguments'],
    ['a fractional number as a segment', { orderId: 1.5, total: 1 }, 'arguments.orderId'],
    ['a missing amount (Writ would judge it as 0)', { orderId: 'o' }, 'arguments.total'],
    ['a negative amount', { orderId: 'o', total: -1 }, 'arguments.total'],
    ['an amount as text', { orderId: 'o', total: '5' }, 'arguments.total'],
  ])('%s is refused before Writ is asked', (_why, args, path) => {
    expect(requestFor('erp', 'create_order', args, ORDERS)).toMatchObject({ ok: false, problems: [{ code: 'mcp.bad_arguments', path }] });
  });
});

describe('parseToolMapping', () => {
  test.each([
    [{ resource: 'erp://po/*' }, 'tools.t.resource'],
    [{ resource: 'erp://po/x{id}' }, 'tools.t.resource'],
    [{ resource: 'erp://po/**' }, 'tools.t.resource'],
    [{ resource: 'erp://a/{id}', resourceArgument: 'uri' }, 'tools.t.resource'],
    [{ amount: 'a-b' }, 'tools.t.amount'],
    [{ action: '' }, 'tools.t.action'],
    [{ scope: 'x' }, 'tools.t.scope'],
  ])('%j is refused at %s', (mapping, path) => {
    expect(parseToolMapping(mapping, 'tools.t')).toMatchObject({ ok: false, problems: [{ code: 'mcp.config_invalid', path }] });
  });

  test('a template with placeholders as whole segments is taken', () => {
    expect(parseToolMapping({ resource: 'crm://customers/{customerId}/notes/{noteId}', amount: 'total' }, 'tools.t').ok).toBe(true);
  });
});

describe('toolReachable', () => {
  const caps = [
    { resource: 'erp://po/orders/**', actions: ['create'] },
    { resource: 'crm://customers/42', actions: ['read'] },
    { resource: 'mcp://erp/ping', actions: ['ping'] },
  ];

  test.each([
    ['a template inside a capability', 'create_order', ORDERS, true],
    ['a template one capability reaches for one value', 'read_customer', { action: 'read', resource: 'crm://customers/{id}' }, true],
    ['an action no capability names', 'delete_order', { action: 'delete', resource: 'erp://po/orders/{id}' }, false],
    ['a resource no capability reaches', 'read_vendor', { action: 'read', resource: 'erp://po/vendors/{id}' }, false],
    ['the default resource', 'ping', undefined, true],
    ['the default resource of another tool', 'pong', { action: 'ping' }, false],
    ['any resource, by the action alone', 'fetch', { action: 'read', resourceArgument: 'uri' }, true],
  ])('%s: %s', (_why, tool, mapping, expected) => {
    expect(toolReachable(caps, 'erp', tool, mapping)).toBe(expected);
  });
});
