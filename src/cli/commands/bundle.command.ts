// `writ bundle` makes an evidence bundle (docs/evidence-bundle.md) from a store or a
// running service; `writ verify-bundle` checks one offline with the verifier key alone.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildBundle, type EvidenceTarget, type SignedNote } from '../../application/evidence/build-bundle';
import { noteVerifierKey } from '../../integrity/checkpoint';
import { SqliteEventStore } from '../../storage/sqlite/sqlite-event-store';
import { verifyBundle, type VerifiedBundle } from '../../sdk/verify/verify-bundle';
import type { EvidenceBundle } from '../../sdk/verify/bundle-format';
import type { Problem } from '../../errors/problem';
import { readTrustedKey, storePath } from '../../verify';
import { originOf } from '../../verify/trusted-checkpoint';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output';
import { fetchEvidence } from './bundle-remote';
import { positionArg } from './export.command';
import { inputOf } from './verify.command';

interface BundleOptions {
  decision?: string;
  credential?: string;
  delegation?: string;
  agent?: string;
  asOf?: string;
  store?: string;
  url?: string;
  keyFile?: string;
  out: string;
  json?: boolean;
}

export function bundleCommand(program: Command): void {
  program
    .command('bundle')
    .description('write one evidence bundle: a decision (or credential, delegation, agent), its chain’s events with inclusion proofs to one signed checkpoint, and state proofs')
    .option('--decision <id|position>', 'a recorded decision: its global position (digits) or its request id')
    .option('--credential <id>', 'a credential and its chain')
    .option('--delegation <id>', 'a delegation and its chain')
    .option('--agent <id>', 'an agent and its owner')
    .option('--as-of <position>', 'prove against the first recorded checkpoint covering this position and the subject (default: the latest)')
    .option('--store <path>', 'data directory or .db file (default: ./data); the latest checkpoint is the latest recorded one')
    .option('--url <service>', 'a running service instead of a store (needs --key-file)')
    .option('--key-file <file>', 'with --url: an admin or auditor key file, to sign the read token')
    .requiredOption('--out <file>', 'where to write the bundle (JSON)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts: BundleOptions) => {
      const target = targetOf(opts);
      const asOf = positionArg('--as-of', opts.asOf);
      if (opts.url !== undefined && opts.store !== undefined) throw new CliError('give --store or --url, not both');
      const bundle = opts.url !== undefined ? await fetchEvidence(opts.url, opts.keyFile, target, asOf) : await fromStore(opts.store ?? 'data', target, asOf);
      inputOf(() => writeFileSync(opts.out, `${JSON.stringify(bundle, null, 2)}\n`));
      const summary = { out: opts.out, subject: bundle.subject, treeSize: bundle.checkpoint.treeSize, events: bundle.events.length, states: bundle.states.length };
      print(opts.json, summary, () => `${opts.out}: ${bundle.events.length} events, ${bundle.states.length} state proofs, checkpoint of size ${bundle.checkpoint.treeSize}`);
    });

  program
    .command('verify-bundle <file>')
    .description('check an evidence bundle offline with the ledger’s verifier key; exit 0 verified, 1 refused, 2 bad input')
    .requiredOption('--key <key>', 'trusted ledger key: a verifier key string, a base64url public key, a JWKS file or a key file')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { key: string; json?: boolean }) => {
      const key = inputOf(() => readTrustedKey(opts.key));
      const text = inputOf(() => readFileSync(file, 'utf8'));
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        throw new CliError(`${file} is not JSON`);
      }
      const note = (input as { checkpoint?: { note?: unknown } } | null)?.checkpoint?.note;
      const origin = key.origin ?? (typeof note === 'string' ? originOf(note) : undefined);
      const vkey = origin === undefined ? undefined : noteVerifierKey(origin, key.publicKey);
      const result = vkey?.ok ? verifyBundle(input, [vkey.value], { origin: origin! }) : verifyBundle(input, []);
      const report = result.ok ? { ok: true, ...result.value } : { ok: false, problem: result.problems[0], problems: result.problems };
      print(opts.json, report, () => (result.ok ? describe(result.value) : refusal(result.problems[0])));
      if (!result.ok) throw new CliError('the bundle is refused', EXIT.verificationFailed);
    });
}

function targetOf(opts: BundleOptions): EvidenceTarget {
  const given = (['decision', 'credential', 'delegation', 'agent'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1) throw new CliError('give exactly one of --decision, --credential, --delegation, --agent');
  const kind = given[0]!;
  const id = opts[kind]!;
  if (kind !== 'decision') return { [kind]: id } as EvidenceTarget;
  return { decision: /^\d{1,15}$/.test(id) ? Number(id) : id };
}

async function fromStore(path: string, target: EvidenceTarget, asOf: number | undefined): Promise<EvidenceBundle> {
  const store = inputOf(() => new SqliteEventStore(storePath(path), { readonly: true }));
  try {
    const size = await store.size();
    const [first] = await store.readAll(0, 1);
    if (first === undefined) throw new CliError(`${path} holds no ledger`);
    const latest = await latestRecorded(store);
    const ledgerId = (JSON.parse(first.data) as { statement: { ledgerId: string } }).statement.ledgerId;
    const built = await buildBundle({ store, ledgerId, size, latest: () => latest }, target, asOf);
    if (!built.ok) throw new CliError(`${built.problems[0].code}: ${built.problems[0].message}`);
    return built.value;
  } finally {
    await store.close();
  }
}

/** A store has no key to sign with: its latest checkpoint is the latest one recorded in it. */
async function latestRecorded(store: SqliteEventStore): Promise<SignedNote | undefined> {
  const [last] = await store.readStream('checkpoints', { direction: 'backwards', limit: 1 });
  if (last === undefined) return undefined;
  const body = (JSON.parse(last.data) as { statement: { body: { note: string; treeSize: number } } }).statement.body;
  return { note: body.note, treeSize: body.treeSize };
}

function describe(v: VerifiedBundle): string {
  const lines = [`checkpoint ${v.checkpoint.origin} at size ${v.checkpoint.treeSize}: signed by ${v.checkpoint.verifiedBy.join(', ')}; state root ${v.checkpoint.stateRoot}`];
  lines.push(`${v.events} events: hashes, inclusion proofs, stream links and signatures verified; ${v.states.length} state proofs verified`);
  if (v.decision !== undefined) {
    const d = v.decision;
    const why = d.reason === undefined ? '' : ` (${d.reason}${d.hop ? ` at ${d.hop.kind} ${d.hop.id}` : ''})`;
    lines.push(`decision at ${d.position}: ${d.decision}${why} for agent ${d.request.agentId}: ${d.request.action} ${d.request.resource} at ${d.recordedAt}`);
    lines.push(`chain: ${d.chain.map((h) => `${h.kind} ${h.id}`).join(' <- ')}`);
    lines.push(d.rederived === 'exact' ? 're-derived from the bundled events: the same decision' : 're-derived from the bundled events up to the rate step (rates count earlier decisions, which a bundle does not carry)');
  }
  const a = v.atCheckpoint;
  lines.push(a.valid ? `at the checkpoint: the chain is valid (windows judged at ${a.judgedAt})` : `at the checkpoint: the chain is NOT valid: ${a.reason}${a.hop ? ` at ${a.hop.kind} ${a.hop.id}` : ''}`);
  lines.push('verified');
  return lines.join('\n');
}

const refusal = (p: Problem): string => `${p.code}${p.path ? ` at ${p.path}` : ''}: ${p.message}\nNOT verified`;
