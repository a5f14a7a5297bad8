import { GraphqlOperationNames, MAX_OPERATION_LABELS } from './graphql-operation-names';

describe('GraphqlOperationNames', () => {
  it('keeps valid names, folds missing, invalid and batched ones', () => {
    const names = new GraphqlOperationNames();
    expect(names.label('Authorize')).toBe('Authorize');
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    expect(names.label('not a name')).toBe('other');
    expect(names.label(42)).toBe('other');
    expect(names.label('x'.repeat(65))).toBe('other');
    expect(names.label('Authorize', true)).toBe('batch');
  });

  it('gives at most MAX_OPERATION_LABELS names their own label', () => {
    const names = new GraphqlOperationNames();
    const labels = new Set(Array.from({ length: 500 }, (_, i) => names.label(`Op${i}`)));
    expect(labels.size).toBe(MAX_OPERATION_LABELS + 1);
    expect(labels.has('other')).toBe(true);
    expect(names.label('Op0')).toBe('Op0');
  });
});
