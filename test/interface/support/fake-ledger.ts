// An in-memory LedgerPort that exists only to test the edges: it accepts any statement
// with a made-up receipt, refuses the statements it was told to, and records what it was
// asked. The ledger runtime's own behaviour is tested end to end elsewhere.
import type {
  AuthorizeResult,
  ConsistencyProof,
  CredentialResult,
  InclusionProof,
  LedgerHealth,
  LedgerKey,
  LedgerPort,
  Reader,
  Receipt,
  RecordedEnvelope,
  SignedCheckpoint,
  SubmitResult,
} from '../../../src/application/ledger/ledger.port';
import { err, ok, problem, type Problem, type Result } from '../../../src/errors/problem';
import { checkPublicKey } from '../../../src/integrity/ed25519';
import type { SignedStatement } from '../../../src/integrity/statement';

const HASH = (c: string) => c.repeat(64);

export interface Submission {
  readonly input: SignedStatement;
  readonly expectedType: string | undefined;
}

export class FakeLedger implements LedgerPort {
  readonly ledgerId = 'test-ledger';
  readonly readOnly = false;
  readonly origin = 'writ.local/test-ledger';
  readonly verifierKey = 'writ.local/test-ledger+0a1b2c3d+AAAA';
  readonly submissions: Submission[] = [];
  readonly batches: SignedStatement[][] = [];
  private readonly refusals = new Map<string, readonly Problem[]>();
  private readonly receipts = new Map<string, Receipt>();
  private readonly readers = new Map<string, Reader>();

  constructor(
    private readonly keys: readonly LedgerKey[] = [],
    readonly events: readonly RecordedEnvelope[] = seedEvents(),
  ) {}

  /** The statement with this exact text will be refused with these problems. */
  refuse(statement: string, ...problems: Problem[]): void {
    this.refusals.set(statement, problems);
  }

  addReader(id: string, publicKey: Uint8Array, roles: readonly string[], active = true): void {
    const key = checkPublicKey(publicKey);
    if (!key.ok) throw new Error(`test key refused: ${key.problems[0].code}`);
    this.readers.set(id, { id, kind: 'human', roles, active, publicKey: key.value });
  }

  async submit(input: SignedStatement, expectedType?: string): Promise<SubmitResult> {
    this.submissions.push({ input, expectedType });
    return this.answer(input, expectedType ?? 'any');
  }

  async submitBatch(inputs: readonly SignedStatement[]): Promise<readonly SubmitResult[]> {
    this.batches.push([...inputs]);
    return inputs.map((input) => this.answer(input, 'any'));
  }

  latestCheckpoint(): SignedCheckpoint {
    const note = `${this.origin}\n${this.events.length}\n${'A'.repeat(43)}=\n\n\u2014 ${this.origin} CgsMDQ==\n`;
    return { note, origin: this.origin, treeSize: this.events.length, rootHash: HASH('e') };
  }

  inclusionProof(leafIndex: number, treeSize = this.size()): Result<InclusionProof> {
    if (leafIndex >= treeSize || treeSize > this.size()) {
      return err(problem('merkle.out_of_range', 'no such leaf in that tree', 'leafIndex', { leafIndex, treeSize }));
    }
    return ok({ leafIndex, treeSize, rootHash: HASH('e'), proof: [HASH('c'), HASH('d')] });
  }

  consistencyProof(fromSize: number, toSize = this.size()): Result<ConsistencyProof> {
    if (fromSize > toSize || toSize > this.size()) {
      return err(problem('merkle.out_of_range', 'no such tree sizes', 'fromSize', { fromSize, toSize }));
    }
    return ok({ fromSize, toSize, fromRoot: HASH('a'), toRoot: HASH('e'), proof: [HASH('f')] });
  }

  async eventAt(position: number): Promise<RecordedEnvelope | undefined> {
    return this.events[position];
  }

  async receiptAt(position: number): Promise<Receipt | undefined> {
    const event = this.events[position];
    if (event === undefined) return undefined;
    const { note } = this.latestCheckpoint();
    const { stream, revision, type, hash: envelopeHash } = event;
    return { envelopeHash, leafIndex: position, stream, revision, type, checkpoint: note, treeSize: this.size(), inclusionProof: [HASH('c'), HASH('d')] };
  }

  /** The fake has no store to assemble a bundle from: every subject is unknown to it. */
  async evidence(): Promise<Result<never>> {
    return err(problem('bundle.not_found', 'the fake ledger holds no events', 'of'));
  }

  async readStream(stream: string, fromRevision: number, limit: number): Promise<readonly RecordedEnvelope[]> {
    return this.events.filter((e) => e.stream === stream && e.revision >= fromRevision).slice(0, limit);
  }

  size(): number {
    return this.events.length;
  }

  reader(principalId: string): Reader | undefined {
    return this.readers.get(principalId);
  }

  ledgerKeys(): readonly LedgerKey[] {
    return this.keys;
  }

  health(): LedgerHealth {
    return { status: 'ok', reasons: [] };
  }

  async requestCredential(input: SignedStatement): Promise<CredentialResult> {
    const r = await this.submit(input, 'credential.request');
    if (!r.ok) return r;
    return { ...r, credential: { token: 'e30.e30.AA', credentialId: 'cred-1', kid: 'kid-1', expiresAt: '2030-01-01T00:00:00.000Z' } };
  }

  async authorize(input: SignedStatement): Promise<AuthorizeResult> {
    const r = await this.submit(input, 'action.request');
    if (!r.ok) return r;
    const chain = [{ kind: 'delegation', id: 'd1', eventHash: HASH('d'), leafIndex: 1 }];
    return { ok: true, answer: { decision: 'allowed', chain, receipt: r.receipt, replayed: r.replayed, failedClosed: false } };
  }

  private answer(input: SignedStatement, type: string): SubmitResult {
    const problems = this.refusals.get(input.statement);
    if (problems) return { ok: false, problems };
    const seen = this.receipts.get(input.statement);
    if (seen) return { ok: true, receipt: seen, replayed: true };
    const receipt = fakeReceipt(this.receipts.size + this.events.length, type);
    this.receipts.set(input.statement, receipt);
    return { ok: true, receipt, replayed: false };
  }
}

function fakeReceipt(leafIndex: number, type: string): Receipt {
  return {
    envelopeHash: HASH('b'),
    leafIndex,
    stream: 'principal-p1',
    revision: 0,
    type,
    result: { decision: 'allowed', chain: ['d1', 'd2'] },
    checkpoint: 'writ.local/test-ledger\n4\nAAAA\n',
    treeSize: leafIndex + 1,
    inclusionProof: [HASH('c')],
  };
}

function seedEvents(): RecordedEnvelope[] {
  const event = (position: number, stream: string, revision: number, type: string): RecordedEnvelope => ({
    position,
    stream,
    revision,
    type,
    hash: HASH(String(position)),
    envelope: JSON.stringify({ v: 1, stream, revision, type }),
  });
  return [
    event(0, 'ledger', 0, 'ledger.genesis'),
    event(1, 'principal-alice', 0, 'principal.registered'),
    event(2, 'principal-alice', 1, 'principal.role_granted'),
  ];
}
