// The Writ service over GraphQL (fetch only, so it runs in Node, browsers and edge
// runtimes). Mutations need no token: the statement's own signature authenticates it.
// Reads of the record need a read token; checkpoints and proofs are public.
import { err, ok, problem, type Result } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import { mutationFor, type MutationName } from '../statement-catalogue';
import * as doc from './documents';
import { callField } from './graphql-call';
import { readStatementHeader } from './statement-header';
import { batchResultsOf, submitResultOf, type SubmitResult } from './submit-results';
import { authorizeAnswerOf, credentialAnswerOf, receiptOfAnswer, type AuthorizeAnswer, type CredentialAnswer } from './runtime-answers';
import type { FetchLike, GraphQLRequest, TransportOptions } from './transport';
import { readAnswer, type ConsistencyProof, type InclusionProof, type RecordedEnvelope, type SignedCheckpoint } from './read-answers';

export type TokenSource = string | (() => string | Promise<string>);

export interface WritClientOptions {
  /** The service's base URL (`http://localhost:4000`) or its GraphQL endpoint (`.../graphql`). */
  readonly url: string;
  /** The ledger this client talks to: statements for another ledger are refused before sending. */
  readonly ledgerId: string;
  /** Defaults to the global fetch; on Node, `nodeHttpFetch()` from writ/sdk/node is lighter. */
  readonly fetch?: FetchLike;
  /** Further attempts after a network error, timeout, 429 or 5xx; 3 by default. */
  readonly retries?: number;
  /** Base of the exponential backoff, in ms; 200 by default. */
  readonly retryDelayMs?: number;
  /** Per attempt, in ms; 30 000 by default. */
  readonly timeoutMs?: number;
  /** Read token (see readToken / readTokenSource), needed by event() and stream(). */
  readonly token?: TokenSource;
}

export class WritClient {
  readonly ledgerId: string;
  private readonly transport: TransportOptions;
  private readonly token: TokenSource | undefined;

  constructor(options: WritClientOptions) {
    this.ledgerId = options.ledgerId;
    this.token = options.token;
    this.transport = {
      endpoint: graphqlEndpoint(options.url),
      // Bound: some runtimes throw "Illegal invocation" for a fetch called off globalThis.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      retries: options.retries ?? 3,
      retryDelayMs: options.retryDelayMs ?? 200,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  /**
   * Submits one signed statement through its per-use mutation (from its type unless
   * given). The same signed statement may be submitted again at any time: the ledger
   * answers with the original receipt and `replayed: true`.
   */
  async submit(signed: SignedStatement, mutation?: MutationName): Promise<SubmitResult> {
    const chosen = this.mutationOf(signed, mutation);
    if (!chosen.ok) return chosen;
    const request = { query: doc.submitDocument(chosen.value), variables: { input: plain(signed) } };
    const value = await callField(this.transport, request, chosen.value);
    if (!value.ok) return value;
    return doc.ANSWER_SELECTIONS[chosen.value] === undefined ? submitResultOf(value.value, chosen.value) : receiptOfAnswer(value.value, chosen.value);
  }

  /** Asks for a credential (a signed `credential.request`): the token and its receipt. */
  async requestCredential(signed: SignedStatement): Promise<Result<CredentialAnswer>> {
    const value = await this.mutate(signed, 'requestCredential');
    return value.ok ? credentialAnswerOf(value.value, 'requestCredential') : value;
  }

  /**
   * "May I do this now?" (a signed `action.request`): the decision the ledger recorded
   * at the head, its chain and receipt. A decision it could not record is a denial.
   */
  async authorize(signed: SignedStatement): Promise<Result<AuthorizeAnswer>> {
    const value = await this.mutate(signed, 'authorize');
    return value.ok ? authorizeAnswerOf(value.value, 'authorize') : value;
  }

  private async mutate(signed: SignedStatement, mutation: MutationName): Promise<Result<unknown>> {
    const chosen = this.mutationOf(signed, mutation);
    if (!chosen.ok) return chosen;
    return callField(this.transport, { query: doc.submitDocument(mutation), variables: { input: plain(signed) } }, mutation);
  }

  /** Submits several statements at once (a broker's batch); each gets its own result. */
  async submitBatch(signed: readonly SignedStatement[]): Promise<Result<SubmitResult[]>> {
    const foreign = signed.findIndex((s) => !this.isForThisLedger(s));
    if (foreign >= 0) return err(wrongLedger(this.ledgerId, `inputs[${foreign}].statement`));
    const request = { query: doc.SUBMIT_BATCH, variables: { inputs: signed.map(plain) } };
    const value = await callField(this.transport, request, doc.SUBMIT_BATCH_FIELD);
    return value.ok ? batchResultsOf(value.value, signed.length) : value;
  }

  /** The latest signed checkpoint. Verify it with verifyCheckpoint before relying on it. */
  checkpoint(): Promise<Result<SignedCheckpoint>> {
    return this.read<SignedCheckpoint>('checkpoint', { query: doc.CHECKPOINT }, false);
  }

  /** Inclusion proof of a leaf in the tree of `treeSize` leaves (the latest by default). */
  inclusionProof(leafIndex: number, treeSize?: number): Promise<Result<InclusionProof>> {
    return this.read<InclusionProof>('inclusionProof', { query: doc.INCLUSION_PROOF, variables: { leafIndex, treeSize } }, false);
  }

  /** Consistency proof from the tree of `fromSize` leaves to that of `toSize` (the latest by default). */
  consistencyProof(fromSize: number, toSize?: number): Promise<Result<ConsistencyProof>> {
    return this.read<ConsistencyProof>('consistencyProof', { query: doc.CONSISTENCY_PROOF, variables: { fromSize, toSize } }, false);
  }

  /** The envelope at a global position; null when there is none. Needs a read token. */
  event(position: number): Promise<Result<RecordedEnvelope | null>> {
    return this.read<RecordedEnvelope | null>('event', { query: doc.EVENT, variables: { position } }, true);
  }

  /** Envelopes of a stream from `fromRevision` (0), at most `limit`. Needs a read token. */
  stream(name: string, options: { fromRevision?: number; limit?: number } = {}): Promise<Result<RecordedEnvelope[]>> {
    const variables = { name, fromRevision: options.fromRevision, limit: options.limit };
    return this.read<RecordedEnvelope[]>('stream', { query: doc.STREAM, variables }, true);
  }

  private async read<T>(field: string, request: GraphQLRequest, authenticated: boolean): Promise<Result<T>> {
    const headers = authenticated ? await this.authorization() : {};
    const value = await callField(this.transport, request, field, headers);
    return value.ok ? readAnswer<T>(field, value.value) : value;
  }

  private async authorization(): Promise<Record<string, string>> {
    if (this.token === undefined) return {};
    const token = typeof this.token === 'string' ? this.token : await this.token();
    return { authorization: `Bearer ${token}` };
  }

  private mutationOf(signed: SignedStatement, given: MutationName | undefined): Result<MutationName> {
    const header = readStatementHeader(signed.statement);
    if (header.ledgerId !== undefined && header.ledgerId !== this.ledgerId) return err(wrongLedger(this.ledgerId, 'statement'));
    const mutation = given ?? (header.type === undefined ? undefined : mutationFor(header.type));
    if (mutation !== undefined) return ok(mutation);
    return err(problem('statement.unknown_type', `no mutation takes statements of type ${header.type ?? '(none)'}`, 'statement'));
  }

  private isForThisLedger(signed: SignedStatement): boolean {
    const { ledgerId } = readStatementHeader(signed.statement);
    return ledgerId === undefined || ledgerId === this.ledgerId;
  }
}

function graphqlEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/graphql') ? trimmed : `${trimmed}/graphql`;
}

// Only the two fields the input type has: a caller's richer object must not be sent.
const plain = (s: SignedStatement): SignedStatement => ({ statement: s.statement, signature: s.signature });

const wrongLedger = (ledgerId: string, path: string) =>
  problem('statement.wrong_ledger', `the statement is not for ledger ${ledgerId}, which this client talks to`, path);
