import { findApplicable, permits, type ActionRequest, type Capability } from '.';

const po: Capability = {
  resource: 'erp://po/*',
  actions: ['read', 'approve'],
  conditions: { maxAmount: 5000, approvalAbove: 1000 },
};
const request = (overrides: Partial<ActionRequest> = {}): ActionRequest => ({
  action: 'approve',
  resource: 'erp://po/17',
  ...overrides,
});

describe('permits', () => {
  test.each([
    ['an action not granted', { action: 'delete' }],
    ['a resource outside the pattern', { resource: 'erp://po/17/lines' }],
    ['another scheme', { resource: 'crm://po/17' }],
    ['a resource with wildcards', { resource: 'erp://po/*' }],
    ['a malformed resource', { resource: 'erp://po//17' }],
  ])('denies %s as not covered', (_why, overrides) => {
    expect(permits(po, request(overrides))).toEqual({ kind: 'denied', code: 'capability.not_covered' });
  });

  test.each([
    [0, { kind: 'permitted' }],
    [1000, { kind: 'permitted' }], // at the threshold: not above it
    [1000.01, { kind: 'approval_required', threshold: 1000 }],
    [5000, { kind: 'approval_required', threshold: 1000 }],
    [5000.01, { kind: 'denied', code: 'condition.max_amount' }],
  ])('amount %p gives %p', (amount, verdict) => {
    expect(permits(po, request({ amount }))).toEqual(verdict);
  });

  test('a request without an amount is judged as amount 0', () => {
    expect(permits(po, request())).toEqual({ kind: 'permitted' });
    const zeroLimit: Capability = { ...po, conditions: { maxAmount: 0, approvalAbove: 0 } };
    expect(permits(zeroLimit, request())).toEqual({ kind: 'permitted' });
    expect(permits(zeroLimit, request({ amount: 0.01 }))).toEqual({ kind: 'denied', code: 'condition.max_amount' });
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('fails closed on amount %p when amounts are bounded', (amount) => {
    expect(permits(po, request({ amount }))).toEqual({ kind: 'denied', code: 'condition.max_amount' });
    const approvalOnly: Capability = { ...po, conditions: { approvalAbove: 1000 } };
    expect(permits(approvalOnly, request({ amount }))).toEqual({ kind: 'denied', code: 'condition.max_amount' });
  });

  test('without amount conditions the amount is not judged', () => {
    const plain: Capability = { resource: 'erp://po/*', actions: ['approve'] };
    expect(permits(plain, request({ amount: 1e12 }))).toEqual({ kind: 'permitted' });
    const rateOnly: Capability = { ...plain, conditions: { rate: { max: 1, perSeconds: 1 } } };
    expect(permits(rateOnly, request({ amount: 1e12 }))).toEqual({ kind: 'permitted' });
  });

  test('approvalAbove alone asks for approval, maxAmount alone denies', () => {
    const approvalOnly: Capability = { ...po, conditions: { approvalAbove: 10 } };
    expect(permits(approvalOnly, request({ amount: 1e9 }))).toEqual({ kind: 'approval_required', threshold: 10 });
    const maxOnly: Capability = { ...po, conditions: { maxAmount: 10 } };
    expect(permits(maxOnly, request({ amount: 11 }))).toEqual({ kind: 'denied', code: 'condition.max_amount' });
  });

  test('** reaches the collection itself', () => {
    const all: Capability = { resource: 'erp://po/**', actions: ['read'] };
    expect(permits(all, request({ action: 'read', resource: 'erp://po' }))).toEqual({ kind: 'permitted' });
  });
});

describe('findApplicable', () => {
  const strict: Capability = { resource: 'erp://po/*', actions: ['approve'], conditions: { maxAmount: 10 } };
  const loose: Capability = { resource: 'erp://po/**', actions: ['approve', 'read'] };

  test('returns the first capability that matches resource and action', () => {
    expect(findApplicable([strict, loose], request({ amount: 50 }))).toBe(strict);
    expect(findApplicable([loose, strict], request())).toBe(loose);
  });

  test('skips capabilities whose resource or action does not match', () => {
    expect(findApplicable([strict, loose], request({ action: 'read' }))).toBe(loose);
    expect(findApplicable([strict, loose], request({ resource: 'erp://po/17/lines' }))).toBe(loose);
  });

  test('returns undefined when none matches', () => {
    expect(findApplicable([strict, loose], request({ action: 'delete' }))).toBeUndefined();
    expect(findApplicable([], request())).toBeUndefined();
  });
});
