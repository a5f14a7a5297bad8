// What the client reads from a signed statement before sending it: its type (to pick
// the mutation) and its ledger (to refuse a statement for another ledger without a
// round trip). Anything unreadable is left for the service to refuse with its reasons.

export interface StatementHeader {
  readonly type?: string;
  readonly ledgerId?: string;
}

export function readStatementHeader(text: string): StatementHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const { type, ledgerId } = value as Record<string, unknown>;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof ledgerId === 'string' ? { ledgerId } : {}),
  };
}
