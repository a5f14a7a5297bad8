import type { Result } from '../../errors/problem';
import { CAPABILITY_LIMITS, validateCapabilities, validateCapability } from '.';

const BASE = 'body.capabilities';

/** The (code, path) pairs of a refusal, in order; [] when the input was accepted. */
const refusals = (result: Result<unknown>): [string, string][] =>
  result.ok ? [] : result.problems.map((p) => [p.code, p.path]);

describe('validateCapability', () => {
  test('accepts a full capability and returns exactly its fields', () => {
    const input = {
      resource: 'erp://po/*',
      actions: ['read', 'approve'],
      conditions: { maxAmount: 5000.5, approvalAbove: 1000, rate: { max: 10, perSeconds: 60 } },
    };
    const result = validateCapability(input, 'cap');
    expect(result).toEqual({ ok: true, value: input });
  });

  test('accepts a capability without conditions, and an empty conditions object', () => {
    expect(validateCapability({ resource: 'erp://**', actions: ['read'] }, '')).toEqual({
      ok: true,
      value: { resource: 'erp://**', actions: ['read'] },
    });
    expect(refusals(validateCapability({ resource: 'erp://**', actions: ['read'], conditions: {} }, ''))).toEqual([]);
  });

  test('the value is a copy: later changes to the input do not reach it', () => {
    const input = { resource: 'erp://po', actions: ['read'], conditions: { rate: { max: 1, perSeconds: 1 } } };
    const result = validateCapability(input, '');
    input.actions.push('write');
    input.conditions.rate.max = 99;
    expect(result).toEqual({
      ok: true,
      value: { resource: 'erp://po', actions: ['read'], conditions: { rate: { max: 1, perSeconds: 1 } } },
    });
  });

  test.each([null, 'erp://po', 42, ['erp://po']])('refuses a capability that is not an object: %p', (input) => {
    expect(refusals(validateCapability(input, 'cap'))).toEqual([['capability.malformed', 'cap']]);
  });

  test('refuses unknown fields, so a misspelled caveat is not silently dropped', () => {
    const input = { resource: 'erp://po', actions: ['read'], condition: { maxAmount: 1 } };
    expect(refusals(validateCapability(input, 'cap'))).toEqual([['capability.malformed', 'cap.condition']]);
    const proto = JSON.parse('{"resource":"erp://po","actions":["read"],"__proto__":{"x":1}}') as unknown;
    expect(refusals(validateCapability(proto, 'cap'))).toEqual([['capability.malformed', 'cap.__proto__']]);
  });

  test.each([
    ['missing', undefined],
    ['not a string', 7],
    ['** not last', 'erp://**/x'],
    ['wildcard inside a segment', 'erp://po*'],
    ['scheme uppercase', 'Erp://po'],
    ['empty path', 'erp://'],
  ])('refuses a resource that is %s', (_why, resource) => {
    expect(refusals(validateCapability({ resource, actions: ['read'] }, 'cap'))).toEqual([
      ['capability.invalid_resource', 'cap.resource'],
    ]);
  });

  test.each([
    ['missing', undefined, 'cap.actions'],
    ['not an array', 'read', 'cap.actions'],
    ['empty', [], 'cap.actions'],
    ['a wildcard action', ['*'], 'cap.actions[0]'],
    ['uppercase', ['Read'], 'cap.actions[0]'],
    ['not a string', ['read', 3], 'cap.actions[1]'],
    ['a duplicate', ['read', 'write', 'read'], 'cap.actions[2]'],
    ['too long', ['a'.repeat(CAPABILITY_LIMITS.maxActionLength + 1)], 'cap.actions[0]'],
    ['too many', Array.from({ length: CAPABILITY_LIMITS.maxActions + 1 }, (_, i) => `a${i}`), 'cap.actions'],
  ])('refuses actions that are %s', (_why, actions, path) => {
    expect(refusals(validateCapability({ resource: 'erp://po', actions }, 'cap'))).toEqual([
      ['capability.invalid_actions', path],
    ]);
  });

  test('accepts action names with digits and _ . : -', () => {
    expect(refusals(validateCapability({ resource: 'erp://po', actions: ['po:approve', 'v2.read_all-x'] }, ''))).toEqual([]);
  });

  test.each([
    ['null conditions', null, 'cap.conditions'],
    ['array conditions', [], 'cap.conditions'],
    ['an unknown condition', { maxAmmount: 5 }, 'cap.conditions.maxAmmount'],
    ['a negative maxAmount', { maxAmount: -1 }, 'cap.conditions.maxAmount'],
    ['a NaN maxAmount', { maxAmount: Number.NaN }, 'cap.conditions.maxAmount'],
    ['an infinite maxAmount', { maxAmount: Number.POSITIVE_INFINITY }, 'cap.conditions.maxAmount'],
    ['a string maxAmount', { maxAmount: '5' }, 'cap.conditions.maxAmount'],
    ['a negative approvalAbove', { approvalAbove: -0.5 }, 'cap.conditions.approvalAbove'],
    ['a rate that is not an object', { rate: 5 }, 'cap.conditions.rate'],
    ['a zero rate max', { rate: { max: 0, perSeconds: 60 } }, 'cap.conditions.rate.max'],
    ['a fractional rate max', { rate: { max: 1.5, perSeconds: 60 } }, 'cap.conditions.rate.max'],
    ['a missing rate max', { rate: { perSeconds: 60 } }, 'cap.conditions.rate.max'],
    ['a zero perSeconds', { rate: { max: 1, perSeconds: 0 } }, 'cap.conditions.rate.perSeconds'],
    ['a perSeconds too large for milliseconds', { rate: { max: 1, perSeconds: 2 ** 50 } }, 'cap.conditions.rate.perSeconds'],
    ['an unknown rate field', { rate: { max: 1, perSeconds: 1, burst: 2 } }, 'cap.conditions.rate.burst'],
  ])('refuses %s', (_why, conditions, path) => {
    expect(refusals(validateCapability({ resource: 'erp://po', actions: ['read'], conditions }, 'cap'))).toEqual([
      ['capability.invalid_conditions', path],
    ]);
  });

  test('accepts zero and fractional amounts', () => {
    const conditions = { maxAmount: 0, approvalAbove: 0.01 };
    expect(refusals(validateCapability({ resource: 'erp://po', actions: ['read'], conditions }, ''))).toEqual([]);
  });
});

describe('validateCapabilities', () => {
  test('accepts a list and returns its capabilities in order', () => {
    const input = [
      { resource: 'erp://po/*', actions: ['read'] },
      { resource: 'crm://customers/**', actions: ['read', 'write'], conditions: { maxAmount: 10 } },
    ];
    expect(validateCapabilities(input, BASE)).toEqual({ ok: true, value: input });
  });

  test.each([
    ['not an array', { resource: 'erp://po', actions: ['read'] }],
    ['empty', []],
    ['too long', Array.from({ length: CAPABILITY_LIMITS.maxCapabilities + 1 }, () => ({ resource: 'erp://po', actions: ['read'] }))],
  ])('refuses a list that is %s', (_why, input) => {
    expect(refusals(validateCapabilities(input, BASE))).toEqual([['capability.malformed', BASE]]);
  });

  test('reports every bad field of every element, each at its own path', () => {
    const input = [
      { resource: 'erp://po/**/x', actions: [], conditions: { maxAmount: -1, approvalAbove: 'high' } },
      { resource: 'erp://po/*', actions: ['read'] },
      'erp://po',
      { resource: 'erp://po*', actions: ['read', 'read'], conditions: { rate: { max: 0, perSeconds: 0 } }, extra: 1 },
    ];
    expect(refusals(validateCapabilities(input, BASE))).toEqual([
      ['capability.invalid_resource', `${BASE}[0].resource`],
      ['capability.invalid_actions', `${BASE}[0].actions`],
      ['capability.invalid_conditions', `${BASE}[0].conditions.maxAmount`],
      ['capability.invalid_conditions', `${BASE}[0].conditions.approvalAbove`],
      ['capability.malformed', `${BASE}[2]`],
      ['capability.malformed', `${BASE}[3].extra`],
      ['capability.invalid_resource', `${BASE}[3].resource`],
      ['capability.invalid_actions', `${BASE}[3].actions[1]`],
      ['capability.invalid_conditions', `${BASE}[3].conditions.rate.max`],
      ['capability.invalid_conditions', `${BASE}[3].conditions.rate.perSeconds`],
    ]);
  });

  test('an empty base path yields paths like [0].resource', () => {
    expect(refusals(validateCapabilities([{ resource: 1, actions: ['read'] }], ''))).toEqual([
      ['capability.invalid_resource', '[0].resource'],
    ]);
  });

  test('messages say what is wrong', () => {
    const result = validateCapabilities([{ resource: 'erp://**/x', actions: ['read'] }], BASE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toMatch(/\*\* may only be the last segment/);
  });
});
