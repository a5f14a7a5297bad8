// The service's time to start on a large ledger, and its RSS then (issue 5): a ledger of
// N events is generated in process through the same runtime the service runs, then the
// service is started on it twice (the first start also builds the read models).
import { openLedger } from '../src/application/ledger/bootstrap';
import { readKeyFile } from '../src/application/ledger/key-files';
import { seedSigner, type LedgerSigner } from '../src/application/ledger/ledger-signer';
import { toBase64Url } from '../src/integrity/bytes';
import { generateKeyPair } from '../src/integrity/ed25519';
import { statements, uuidv7 } from '../src/sdk';
import { removeTempDataDir, residentBytes, startService, tempDataDir } from '../test/support/service-process';
import { signWith, submitAll } from './append-support';
import { fmt, type Row } from './harness';

const WAVE = 4096;

/**
 * Builds a ledger of `events` events in-process, through the same runtime the service
 * runs (parse, verify, decide, seal, group commit), so every event is one the service
 * and the verifier accept; then starts the service on it twice: the first start also
 * builds whatever the service derives from the log (read models), the second is a
 * plain restart.
 */
export async function startOnLargeLedger(events: number): Promise<{ generation: Row; rows: Row[] }> {
  const dataDir = tempDataDir('writ-bench-');
  try {
    const generated = await generateLedger(dataDir, events);
    const baseline = await measuredStart();
    const first = await measuredStart(dataDir);
    const again = await measuredStart(dataDir);
    const row = (what: string, start: MeasuredStart): Row => {
      // What the events cost: the start on an empty ledger (process, Nest, schema) taken off.
      const folding = Math.max(1e-3, (start.startMs - baseline.startMs) / 1000);
      return {
        name: `service ${what} on ${generated.size.toLocaleString('en-US')} events`,
        opsPerSecond: generated.size / folding,
        note: [
          `time to WRIT_READY ${(start.startMs / 1000).toFixed(1)} s (${(baseline.startMs / 1000).toFixed(1)} s on an empty ledger; events/s over the difference)`,
          `RSS ${mib(start.rssAtReady)} MiB at ready, ${mib(start.rss)} MiB 2 s later (${mib(baseline.rss)} MiB empty) = ${fmt((start.rss - baseline.rss) / generated.size)} B/event`,
          'ceiling: the 2 hashes per event of rebuilding the Merkle tree',
        ].join('; '),
      };
    };
    return {
      generation: { ...generated, name: `generate ${events.toLocaleString('en-US')} events in-process (runtime.submit, waves of ${WAVE})` },
      rows: [row('first start (derived state built)', first), row('restart', again)],
    };
  } finally {
    removeTempDataDir(dataDir);
  }
}

interface MeasuredStart {
  readonly startMs: number;
  readonly rssAtReady: number;
  /** 2 s after ready. */
  readonly rss: number;
}

/** Starts the service (on a fresh ledger without `dataDir`), checks it is healthy, stops it. */
async function measuredStart(dataDir?: string): Promise<MeasuredStart> {
  // WRIT_BENCH_SERVICE_ARGS passes node flags to the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env['WRIT_BENCH_SERVICE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const service = await startService({ ...(dataDir === undefined ? {} : { dataDir }), readyTimeoutMs: 60 * 60_000, nodeArgs });
  try {
    const rssAtReady = residentBytes(service.pid) ?? NaN;
    await new Promise((r) => setTimeout(r, 2000));
    const rss = residentBytes(service.pid) ?? NaN;
    const healthy = await fetch(`${service.url}/healthz`).then((r) => r.ok, () => false);
    if (!healthy) throw new Error(`the service started on ${service.dataDir} is not healthy`);
    return { startMs: service.startMs, rssAtReady, rss };
  } finally {
    // A ledger made here goes; one passed in stays for the next start.
    if (dataDir === undefined) await service.destroy();
    else await service.stop();
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

interface Party {
  readonly id: string;
  readonly signer: LedgerSigner;
}

async function generateLedger(dataDir: string, events: number): Promise<Row & { size: number }> {
  const opened = await openLedger({ dataDir, originHost: 'writ.local', durability: 'normal', adminName: 'Bench Admin' });
  const runtime = opened.runtime;
  try {
    const adminKey = readKeyFile(opened.files.adminKey);
    const admin: Party = { id: adminKey.id!, signer: seedSigner(adminKey.seed) };
    const ctx = (by: Party) => ({ ledgerId: runtime.ledgerId, actor: by.id });
    const started = performance.now();
    const owners = Math.min(1000, Math.max(1, Math.floor(events / 20)));
    const humans: Party[] = Array.from({ length: owners }, () => ({ id: `human-${uuidv7()}`, signer: seedSigner(generateKeyPair().seed) }));
    const agents = humans.map(() => `agent-${uuidv7()}`);
    await submitAll(runtime, humans.map((h) => signWith(admin.signer, statements.registerPrincipal({ principalId: h.id, kind: 'human', name: 'H', publicKey: toBase64Url(h.signer.publicKey) }, ctx(admin)))));
    await submitAll(runtime, humans.map((h, i) => signWith(admin.signer, statements.provisionAgent({ agentId: agents[i]!, ownerId: h.id, publicKey: toBase64Url(generateKeyPair().publicKey), purpose: 'bench', model: { name: 'm', version: '1' } }, ctx(admin)))));
    // Half entitlements (state grows with each), half reviews (the owner signs).
    for (let n = 0; runtime.size() < events; ) {
      const wave = Math.min(WAVE, events - runtime.size());
      const signed = Array.from({ length: wave }, () => {
        const i = n++;
        const h = i % owners;
        return i % 2 === 0
          ? signWith(admin.signer, statements.grantEntitlement({ principalId: humans[h]!.id, entitlementId: `e-${i}`, capability: { resource: `erp://h${h}/**`, actions: ['read'] } }, ctx(admin)))
          : signWith(humans[h]!.signer, statements.reviewAgent({ agentId: agents[h]!, reason: 'ok' }, ctx(humans[h]!)));
      });
      await submitAll(runtime, signed);
      if (Math.floor(runtime.size() / 100_000) !== Math.floor((runtime.size() - wave) / 100_000)) console.error(`  generated ${runtime.size().toLocaleString('en-US')} events`);
    }
    await runtime.idle();
    const size = runtime.size();
    return { name: '', opsPerSecond: size / ((performance.now() - started) / 1000), note: 'node-signed, synchronous=NORMAL', size };
  } finally {
    await runtime.close();
  }
}

