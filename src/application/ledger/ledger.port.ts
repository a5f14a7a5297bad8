// What the interface layer (GraphQL, HTTP) and the CLI may ask of the running ledger.
// The ledger runtime implements it; resolvers and controllers stay thin over it.
import type { Problem, Result } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import type { PublicKey } from '../../integrity/ed25519';
import type { Receipt } from '../../sdk/receipt';
import type { ConsistencyProof, InclusionProof, RecordedEnvelope, SignedCheckpoint } from '../../sdk/client/read-answers';
// The wire shapes (receipts, checkpoints, proofs, stored envelopes) are the SDK's: one
// definition serves the client that checks them and the server that produces them.
import type { AuthorizeAnswer } from '../decisions/decision-answer';
import type { EvidenceTarget } from '../evidence/build-bundle';
import type { EvidenceBundle } from '../../sdk/verify/bundle-format';

export type { ConsistencyProof, InclusionProof, Receipt, RecordedEnvelope, SignedCheckpoint };

export type SubmitResult =
  | { readonly ok: true; readonly receipt: Receipt; /** true when (actor, nonce) was seen before */ readonly replayed: boolean }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** A principal that may authenticate reads, with its current key. */
export interface Reader {
  readonly id: string;
  readonly kind: 'human' | 'broker' | 'agent' | 'ledger';
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly publicKey: PublicKey;
}

export interface LedgerKey {
  /** JWK thumbprint-style key id used as `kid`. */
  readonly kid: string;
  readonly publicKey: Uint8Array;
  readonly current: boolean;
}

/** An issued credential as a compact JWS (EdDSA, signed by the ledger key named by `kid`). */
export interface CredentialToken {
  readonly token: string;
  readonly credentialId: string;
  readonly kid: string;
  readonly expiresAt: string;
}

export type CredentialResult =
  | { readonly ok: true; readonly receipt: Receipt; readonly replayed: boolean; readonly credential: CredentialToken }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** A refused request is not a decision; a decision that could not be recorded is a denial. */
export type AuthorizeResult = { readonly ok: true; readonly answer: AuthorizeAnswer } | { readonly ok: false; readonly problems: readonly Problem[] };

/** What `/healthz` says: `degraded` while the ledger runs but not as its record says it should. */
export interface LedgerHealth {
  readonly status: 'ok' | 'degraded';
  readonly reasons: readonly string[];
}

/** The statements the ledger decides into a recorded decision. */
export type DecisionStatementType = 'action.request' | 'authzen.evaluation';

export interface LedgerPort {
  readonly ledgerId: string;
  /**
   * True on a forensic copy served without keys (WRIT_READ_ONLY): every write is refused
   * with `ledger.read_only` and nothing is signed. Doors may ask it to say so up front.
   */
  readonly readOnly: boolean;
  readonly origin: string;
  /** The ledger's C2SP verifier key string (`name+keyid+base64`). */
  readonly verifierKey: string;
  /** Submits one signed statement; `expectedType` guards per-use mutations. */
  submit(input: SignedStatement, expectedType?: string): Promise<SubmitResult>;
  /** Each statement gets its own result; they may share a commit batch. */
  submitBatch(inputs: readonly SignedStatement[]): Promise<readonly SubmitResult[]>;
  latestCheckpoint(): SignedCheckpoint;
  inclusionProof(leafIndex: number, treeSize?: number): Result<InclusionProof>;
  consistencyProof(fromSize: number, toSize?: number): Result<ConsistencyProof>;
  eventAt(position: number): Promise<RecordedEnvelope | undefined>;
  /** The receipt of the event at a position, against the latest checkpoint; undefined past the log's end. */
  receiptAt(position: number): Promise<Receipt | undefined>;
  readStream(stream: string, fromRevision: number, limit: number): Promise<readonly RecordedEnvelope[]>;
  /**
   * An evidence bundle (docs/evidence-bundle.md) against the latest checkpoint, or with
   * `asOf` (a position) the first recorded one covering it and the subject.
   */
  evidence(target: EvidenceTarget, asOf?: number): Promise<Result<EvidenceBundle>>;
  /** Number of events in the global log. */
  size(): number;
  reader(principalId: string): Reader | undefined;
  /** Every ledger key the record has named, oldest first; the current one is marked. */
  ledgerKeys(): readonly LedgerKey[];
  health(): LedgerHealth;
  /** Submits a `credential.request`; once issued, returns the credential as a compact JWS. */
  requestCredential(input: SignedStatement): Promise<CredentialResult>;
  /**
   * Submits an `action.request` (or an enforcer's `authzen.evaluation`) and answers with
   * the decision recorded at the head (fail closed).
   */
  authorize(input: SignedStatement, type?: DecisionStatementType): Promise<AuthorizeResult>;
}

/** Nest injection token for the LedgerPort. */
export const LEDGER_PORT = Symbol('LedgerPort');
