// `npm start`: runs Writ on the embedded default (SQLite under WRIT_DATA_DIR). The first
// start creates the ledger and its keys; later starts open it.
import 'reflect-metadata';
import { loadConfig } from './config/writ-config';
import { installNodeSha256 } from './integrity/sha256-node';
import { installKeyCheck, nativeEd25519 } from './integrity/ed25519/sodium-native';
import { appModule } from './app.module';
import { createHttpApp } from './interface/http-app';
import { OPENED_LEDGER } from './application/ledger/ledger.module';
import { checkDataDirectory, type OpenedLedger } from './application/ledger/bootstrap';

async function main(): Promise<void> {
  installNodeSha256();
  await installKeyCheck(nativeEd25519());
  const config = loadConfig();
  // Refused here, before Nest starts, so that the one-line reason is all that is printed
  // (openLedger checks it again, and the cases only an open store shows).
  if (!config.newLedger) checkDataDirectory(config.dataDir, config.store);
  const app = await createHttpApp(appModule(config));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const opened = app.get<OpenedLedger>(OPENED_LEDGER);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const base = `http://${config.host}:${port}`;
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
      `WRIT_READY ${base}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
