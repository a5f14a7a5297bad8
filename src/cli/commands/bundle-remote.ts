// `writ bundle --url`: the service assembles the bundle (GraphQL `evidence`); the CLI
// signs a read token with an admin's or auditor's key file. The result is not trusted
// here: `writ verify-bundle` checks it like any other file.
import { existsSync, readFileSync } from 'node:fs';
import type { EvidenceTarget } from '../../application/evidence/build-bundle';
import { parseKeyFile } from '../../sdk/key-file';
import { readToken } from '../../sdk/read-token';
import type { EvidenceBundle } from '../../sdk/verify/bundle-format';
import { originOf } from '../../verify/trusted-checkpoint';
import { CliError } from '../exit-codes';

const QUERY = 'query($of: EvidenceSubjectInput!, $asOf: Int) { evidence(of: $of, asOf: $asOf) }';

export async function fetchEvidence(url: string, keyFile: string | undefined, target: EvidenceTarget, asOf: number | undefined): Promise<EvidenceBundle> {
  if (keyFile === undefined) throw new CliError('--url needs --key-file: an admin or auditor key file to sign the read token');
  if (!existsSync(keyFile)) throw new CliError(`no key file at ${keyFile}`);
  const key = parseKeyFile(readFileSync(keyFile, 'utf8'));
  if (!key.ok) throw new CliError(`${keyFile}: ${key.problems[0].message}`);
  if (key.value.id === undefined) throw new CliError(`${keyFile} names no principal (no "id")`);
  const base = url.replace(/\/+$/, '');
  const ledgerId = await ledgerIdOf(base);
  const token = readToken({ principalId: key.value.id, ledgerId, seed: key.value.seed, ttlSeconds: 120 });
  const of = 'decision' in target ? { decision: String(target.decision) } : target;
  const answer = await call(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY, variables: { of, asOf: asOf ?? null } }) });
  const body = answer as { data?: { evidence?: EvidenceBundle | null }; errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  if (error !== undefined) throw new CliError(`${error.extensions?.code ?? 'error'}: ${error.message}`);
  if (body.data?.evidence == null) throw new CliError('the service answered no bundle');
  return body.data.evidence;
}

/** The ledger id is the last segment of the checkpoint's origin (`<host>/<ledgerId>`). */
async function ledgerIdOf(base: string): Promise<string> {
  const response = await fetchOr(`${base}/checkpoint`, {});
  const origin = originOf(await response.text());
  if (origin === undefined) throw new CliError(`${base}/checkpoint serves no checkpoint`);
  return origin.slice(origin.lastIndexOf('/') + 1);
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetchOr(url, init);
  try {
    return await response.json();
  } catch {
    throw new CliError(`${url} answered ${response.status} without JSON`);
  }
}

async function fetchOr(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new CliError(`cannot reach ${url}: ${(error as Error).message}`);
  }
}
