// Bodies of the ledger's own statements: genesis, ledger key rotation, checkpoints.
import { joinPath, problem, type Problem, type Result } from '../../errors/problem';
import { finish, hex64, id, integer, oneOf, publicKey, readObject, text, has, type Fields } from '../shared/body-reader';
import { ORPHANED_AGENTS_POLICIES, type LedgerPolicy } from '../state/aggregates';

export const DEFAULT_POLICY: LedgerPolicy = {
  credentialTtlSeconds: 300,
  maxCredentialTtlSeconds: 3600,
  approvalTtlSeconds: 900,
  skewSeconds: 300,
};

// orphanedAgents has no entry in DEFAULT_POLICY: it is recorded only when a genesis
// names it, so that genesis events written before it existed re-derive the same result.
const POLICY_KEYS = [...Object.keys(DEFAULT_POLICY), 'orphanedAgents'];
const DAY = 86_400;
const MAX_ADMINS = 16;

export interface GenesisAdmin {
  readonly principalId: string;
  readonly kind: 'human' | 'broker';
  readonly name: string;
  readonly publicKey: string;
}

export interface GenesisBody {
  /** The ledger key: genesis is signed with it and the ledger signs with it from then on. */
  readonly publicKey: string;
  readonly admins: readonly GenesisAdmin[];
  readonly policy: LedgerPolicy;
}

export interface LedgerKeyRotatedBody {
  readonly publicKey: string;
}

export interface CheckpointRecordedBody {
  readonly treeSize: number;
  readonly rootHash: string;
  /** The C2SP signed note, as served at /checkpoint. */
  readonly note: string;
}

export function parseGenesis(body: unknown): Result<GenesisBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['publicKey', 'admins', 'policy']);
  const key = publicKey(f, 'publicKey');
  const admins = readAdmins(f);
  const policy = has(f, 'policy') ? readPolicy(readObject(f.obj.policy, 'body.policy', problems, POLICY_KEYS)) : DEFAULT_POLICY;
  return finish(problems, () => ({ publicKey: key, admins, policy }));
}

function readAdmins(f: Fields): GenesisAdmin[] {
  const list = f.obj.admins;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ADMINS) {
    f.problems.push(problem('body.invalid', `admins must list 1 to ${MAX_ADMINS} first administrators`, 'body.admins'));
    return [];
  }
  const admins = list.map((item, i) => {
    const a = readObject(item, joinPath('body.admins', i), f.problems, ['principalId', 'kind', 'name', 'publicKey']);
    return { principalId: id(a, 'principalId'), kind: oneOf(a, 'kind', ['human', 'broker'] as const), name: text(a, 'name', 200), publicKey: publicKey(a, 'publicKey') };
  });
  admins.forEach((a, i) => {
    if (admins.findIndex((b) => b.principalId === a.principalId) !== i) {
      f.problems.push(problem('body.invalid', `admin ${a.principalId} is listed twice`, `body.admins[${i}].principalId`));
    }
  });
  return admins;
}

function readPolicy(p: Fields): LedgerPolicy {
  const read = (key: Exclude<keyof LedgerPolicy, 'orphanedAgents'>, max: number) => (has(p, key) ? integer(p, key, 1, max) : DEFAULT_POLICY[key]);
  const policy = {
    credentialTtlSeconds: read('credentialTtlSeconds', DAY),
    maxCredentialTtlSeconds: read('maxCredentialTtlSeconds', DAY),
    approvalTtlSeconds: read('approvalTtlSeconds', 7 * DAY),
    skewSeconds: read('skewSeconds', 3600),
    ...(has(p, 'orphanedAgents') ? { orphanedAgents: oneOf(p, 'orphanedAgents', ORPHANED_AGENTS_POLICIES) } : {}),
  };
  if (policy.credentialTtlSeconds > policy.maxCredentialTtlSeconds) {
    p.problems.push(problem('body.invalid', 'credentialTtlSeconds must not exceed maxCredentialTtlSeconds', 'body.policy.credentialTtlSeconds'));
  }
  return policy;
}

export function parseLedgerKeyRotated(body: unknown): Result<LedgerKeyRotatedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['publicKey']);
  const key = publicKey(f, 'publicKey');
  return finish(problems, () => ({ publicKey: key }));
}

export function parseCheckpointRecorded(body: unknown): Result<CheckpointRecordedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['treeSize', 'rootHash', 'note']);
  const treeSize = integer(f, 'treeSize', 1, Number.MAX_SAFE_INTEGER);
  const rootHash = hex64(f, 'rootHash');
  const note = text(f, 'note', 16_384);
  return finish(problems, () => ({ treeSize, rootHash, note }));
}
