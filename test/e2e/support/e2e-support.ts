// What the end-to-end specs share: SDK clients for a service process, actors with real
// keys, unwrapping receipts, verifying them offline and reading streams back as envelopes.
import { parseEnvelope, type Envelope } from '../../../src/integrity/envelope';
import {
  generateKeys,
  importKeys,
  readTokenSource,
  sign,
  uuidv7,
  verifyReceipt,
  WritClient,
  type FetchLike,
  type Receipt,
  type Statement,
  type SubmitResult,
  type WritKeys,
} from '../../../src/sdk';
import type { ServiceProcess } from '../../support/service-process';

export interface Actor {
  readonly id: string;
  readonly keys: WritKeys;
}

export function newActor(prefix: string): Actor {
  return { id: `${prefix}-${uuidv7()}`, keys: generateKeys() };
}

/** The first admin, from the key file the service wrote on first start. */
export function firstAdmin(service: ServiceProcess): Actor {
  const keys = importKeys(service.adminKeyFile());
  if (!keys.ok || keys.value.id === undefined) throw new Error(`admin key file: ${JSON.stringify(keys)}`);
  return { id: keys.value.id, keys: keys.value };
}

/** A client of the service; over the global fetch unless another transport is given. */
export function clientFor(service: ServiceProcess, reader?: Actor, fetch?: FetchLike): WritClient {
  const token = reader === undefined ? undefined : readTokenSource({ principalId: reader.id, ledgerId: service.ledgerId, seed: reader.keys.seed });
  return new WritClient({ url: service.url, ledgerId: service.ledgerId, retryDelayMs: 50, fetch, ...(token ? { token } : {}) });
}

export const signedBy = (by: Actor, statement: Statement) => sign(statement, by.keys);

export function receiptOf(result: SubmitResult, what = 'statement'): Receipt {
  if (!result.ok) throw new Error(`${what} refused: ${JSON.stringify(result.problems)}`);
  return result.receipt;
}

export function codeOf(result: SubmitResult): string {
  return result.ok ? 'accepted' : result.problems[0]!.code;
}

/** Offline, with the printed verifier key alone; the problem text when it does not verify. */
export function receiptProblem(service: ServiceProcess, receipt: Receipt): string | undefined {
  const verified = verifyReceipt(receipt, service.verifierKey, { origin: service.origin });
  return verified.ok ? undefined : JSON.stringify(verified.problems);
}

/** Every envelope of a stream, page by page, through the authenticated `stream` query. */
export async function readStream(client: WritClient, name: string): Promise<Envelope[]> {
  const envelopes: Envelope[] = [];
  for (let page = 0; page < 1000; page++) {
    const read = await client.stream(name, { fromRevision: envelopes.length, limit: 1000 });
    if (!read.ok) throw new Error(`stream ${name}: ${JSON.stringify(read.problems)}`);
    for (const recorded of read.value) {
      const envelope = parseEnvelope(recorded.envelope);
      if (!envelope.ok) throw new Error(`stream ${name} revision ${recorded.revision}: ${JSON.stringify(envelope.problems)}`);
      envelopes.push(envelope.value);
    }
    if (read.value.length < 1000) return envelopes;
  }
  throw new Error(`stream ${name} is longer than expected`);
}

export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { inDays } from '../../support/ledger-fixtures';
