// What the interface layer (GraphQL, HTTP) and the CLI may ask of the running ledger.
// The ledger runtime implements it; resolvers and controllers stay thin over it.
import type { Problem, Result } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import type { PublicKey } from '../../integrity/ed25519';
import type { AuthorizeAnswer } from '../decisions/decision-answer';

/** Proof that a statement is in the log: checkable offline with the ledger's key. */
export interface Receipt {
  /** Envelope hash, lowercase hex. */
  readonly envelopeHash: string;
  /** Global position = Merkle leaf index. */
  readonly leafIndex: number;
  readonly stream: string;
  readonly revision: number;
  /** Event type recorded (differs from the statement type for decided requests). */
  readonly type: string;
  /** What the ledger derived (decision, credential window, approval id), if anything. */
  readonly result?: unknown;
  /** The signed C2SP checkpoint of the batch that committed the event. */
  readonly checkpoint: string;
  readonly treeSize: number;
  /** RFC 9162 inclusion proof of leafIndex in treeSize, hex, leaf upwards. */
  readonly inclusionProof: readonly string[];
}

export type SubmitResult =
  | { readonly ok: true; readonly receipt: Receipt; /** true when (actor, nonce) was seen before */ readonly replayed: boolean }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export interface SignedCheckpoint {
  /** The whole signed note, as served at GET /checkpoint. */
  readonly note: string;
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
}

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly proof: readonly string[];
}

export interface ConsistencyProof {
  readonly fromSize: number;
  readonly toSize: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
}

export interface RecordedEnvelope {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly hash: string;
  /** The canonical envelope JSON exactly as stored. */
  readonly envelope: string;
}

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

export interface LedgerPort {
  readonly ledgerId: string;
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
  readStream(stream: string, fromRevision: number, limit: number): Promise<readonly RecordedEnvelope[]>;
  /** Number of events in the global log. */
  size(): number;
  reader(principalId: string): Reader | undefined;
  /** Every ledger key the record has named, oldest first; the current one is marked. */
  ledgerKeys(): readonly LedgerKey[];
  /** Submits a `credential.request`; once issued, returns the credential as a compact JWS. */
  requestCredential(input: SignedStatement): Promise<CredentialResult>;
  /** Submits an `action.request` and answers with the decision recorded at the head (fail closed). */
  authorize(input: SignedStatement): Promise<AuthorizeResult>;
}

/** Nest injection token for the LedgerPort. */
export const LEDGER_PORT = Symbol('LedgerPort');
