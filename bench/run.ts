// `npm run bench`: prints every figure beside a ceiling measured in the same run.
// Usage: node dist/bench/run.js [suite ...]   (default: every suite)
import { spawnSync } from 'node:child_process';
import { SERVICE_V8_FLAGS } from '../src/config/v8-flags';
import { installNodeSha256 } from '../src/integrity/sha256-node';
import { installKeyCheck, nativeEd25519 } from '../src/integrity/ed25519/sodium-native';
import { measureCeilings } from './ceilings';
import { formatRows, fmt, type Row } from './harness';
import { integrityBench } from './integrity.bench';
import { verifyBench } from './verify.bench';

type Suite = (ceilings: ReturnType<typeof measureCeilings>) => Promise<Row[]> | Row[];

const suites: Record<string, { title: string; run: Suite }> = {
  integrity: { title: 'Integrity core (issue 3)', run: integrityBench },
  verify: { title: 'Offline verification (issue 8)', run: (c) => verifyBench(c) },
  appends: { title: 'Service appends and start (issue 5)', run: (c) => import('./appends.bench.js').then((m) => m.appendsBench(c)) },
  'read-models': { title: 'Read models (issue 6)', run: () => import('./read-models.bench.js').then((m) => m.readModelsBench()) },
  decisions: { title: 'Runtime authorization (issue 7)', run: (c) => import('./decisions.bench.js').then((m) => m.decisionsBench(c)) },
  behaviour: { title: 'Behaviour read model on and off (issue 21)', run: () => import('./behaviour.bench.js').then((m) => m.behaviourBench()) },
  authzen: { title: 'Recorded decisions through AuthZEN beside GraphQL (issue 18)', run: () => import('./authzen.bench.js').then((m) => m.authzenBench()) },
  mcp: { title: 'MCP tool-call guard (issue 18)', run: () => import('./mcp-guard.bench.js').then((m) => m.mcpGuardBench()) },
  eventstoredb: { title: 'EventStoreDB adapter vs SQLite adapter (issue 9)', run: () => import('./eventstoredb.bench.js').then((m) => m.eventstoredbBench()) },
  console: { title: 'Auditor console in Chromium (issue 19)', run: () => import('./console.bench.js').then((m) => m.consoleBench()) },
};

/**
 * Suites run the runtime in this process (decisions, the runtime-alone appends), so it
 * runs with the service's V8 flags, as `npm run bench` starts it; started without them,
 * it starts itself again with them.
 */
function withServiceFlags(): boolean {
  if (SERVICE_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) return true;
  const again = spawnSync(process.execPath, [...SERVICE_V8_FLAGS, ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = again.status ?? 1;
  return false;
}

async function main(): Promise<void> {
  if (!withServiceFlags()) return;
  installNodeSha256();
  await installKeyCheck(nativeEd25519());
  // Flags (--events=N ...) belong to the suites; the other arguments name suites.
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const names = wanted.length > 0 ? wanted : Object.keys(suites);
  const unknown = names.filter((n) => !(n in suites));
  if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  const ceilings = measureCeilings();
  console.log(`# Writ benchmarks (${new Date().toISOString()}, Node ${process.version})`);
  console.log(`Ceilings: ${ceilings.sha256.name} ${fmt(ceilings.sha256.opsPerSecond)}/s, ${ceilings.ed25519Verify.name} ${fmt(ceilings.ed25519Verify.opsPerSecond)}/s`);
  for (const name of names) {
    const suite = suites[name]!;
    console.log(formatRows(suite.title, await suite.run(ceilings)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
