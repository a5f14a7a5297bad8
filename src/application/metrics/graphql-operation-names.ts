// Operation names are chosen by clients: as metric labels they must stay a bounded set,
// or a client sending a new name per request would grow the registry without end.
const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_OPERATION_LABELS = 50;

export class GraphqlOperationNames {
  private readonly seen = new Set<string>();

  /**
   * The label for a request's `operationName`: the name itself for the first
   * MAX_OPERATION_LABELS valid names seen, `other` for any later or invalid one,
   * `anonymous` without one, `batch` for a batched request (an array of operations).
   */
  label(operationName: unknown, batched = false): string {
    if (batched) return 'batch';
    if (operationName === undefined || operationName === null || operationName === '') return 'anonymous';
    if (typeof operationName !== 'string' || !GRAPHQL_NAME.test(operationName)) return 'other';
    if (this.seen.has(operationName)) return operationName;
    if (this.seen.size >= MAX_OPERATION_LABELS) return 'other';
    this.seen.add(operationName);
    return operationName;
  }
}
