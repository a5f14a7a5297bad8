// `npm start`: runs Writ on the embedded default (SQLite under WRIT_DATA_DIR). The first
// start creates the ledger and its keys; later starts open it; WRIT_READ_ONLY=1 serves a
// forensic copy without keys. Order: check the data directory (no writes), bind the port,
// then open the ledger (the first writes), then hand the port to the app: a start that
// cannot listen writes nothing (src/startup/reserve-port.ts).
import 'reflect-metadata';
import { loadConfig } from './config/writ-config';
import { installNodeSha256 } from './integrity/sha256-node';
import { installKeyCheck, nativeEd25519 } from './integrity/ed25519/sodium-native';
import { appModule } from './app.module';
import { createHttpApp } from './interface/http-app';
import { OPENED_LEDGER } from './application/ledger/ledger.module';
import type { OpenedLedger } from './application/ledger/bootstrap';
import { LEDGER_PORT, type LedgerPort } from './application/ledger/ledger.port';
import type { WritConfig } from './config/writ-config';
import { checkStart } from './startup/check-start';
import { listenRefusal, reservePort } from './startup/reserve-port';
import { startTracing } from './startup/tracing';
import { logLevelOf } from './config/log-level';

async function main(): Promise<void> {
  installNodeSha256();
  await installKeyCheck(nativeEd25519());
  const config = loadConfig();
  const logLevel = logLevelOf();
  // Refused here, before Nest starts, so that the one-line reason is all that is printed
  // (openLedger checks again, and the cases only an open store shows).
  await checkStart(config);
  const tracing = startTracing();
  const reserved = await reservePort(config.host, config.port);
  const app = await createHttpApp(appModule(config), {}, logLevel);
  app.enableShutdownHooks();
  // Nest's shutdown hooks close the app and then end the process: buffered spans go out first.
  if (tracing !== undefined) for (const signal of ['SIGTERM', 'SIGINT'] as const) process.prependOnceListener(signal, () => void tracing.shutdown());
  await reserved.release();
  await app.listen(reserved.port, config.host).catch((error: unknown) => {
    throw listenRefusal(error, config.host, reserved.port);
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : reserved.port;
  const base = `http://${config.host}:${port}`;
  const ledger = app.get<LedgerPort>(LEDGER_PORT);
  if (ledger.readOnly) return console.log(readOnlyBanner(config, ledger, base));
  const opened = app.get<OpenedLedger>(OPENED_LEDGER);
  console.log(
    [
      `Writ ${opened.created ? 'created a new ledger' : 'opened the ledger'} ${opened.runtime.ledgerId} (${opened.runtime.size()} events)`,
      `  data directory   ${config.dataDir}`,
      `  store            ${opened.files.store} (durability: ${config.durability})`,
      `  ledger key       ${opened.files.ledgerKey}`,
      `  first admin key  ${opened.files.adminKey}`,
      `  verifier key     ${opened.runtime.verifierKey}`,
      `  GraphQL          ${base}/graphql`,
      `  checkpoint       ${base}/checkpoint`,
      `  console          ${base}/console/`,
      `  GraphiQL         ${base}/graphiql/`,
      `WRIT_READY ${base}`,
    ].join('\n'),
  );
}

function readOnlyBanner(config: WritConfig, ledger: LedgerPort, base: string): string {
  return [
    `Writ serves a read-only copy of ledger ${ledger.ledgerId} (${ledger.size()} events; no keys: every write is refused with ledger.read_only)`,
    `  data directory   ${config.dataDir}`,
    `  verifier key     ${ledger.verifierKey}`,
    `  GraphQL          ${base}/graphql`,
    `  checkpoint       ${base}/checkpoint (the latest recorded: tree size ${ledger.latestCheckpoint().treeSize})`,
    `  console          ${base}/console/`,
    `  GraphiQL         ${base}/graphiql/`,
    `WRIT_READY ${base}`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
