// Where a ledger's files live under the data directory.
import { join } from 'node:path';

export interface LedgerFiles {
  readonly store: string;
  readonly ledgerKey: string;
  /** A ledger key staged for a rotation (see fileKeyStore). */
  readonly nextLedgerKey: string;
  readonly adminKey: string;
  readonly readModels: string;
}

export function ledgerFiles(dataDir: string): LedgerFiles {
  return {
    store: join(dataDir, 'writ.db'),
    ledgerKey: join(dataDir, 'keys', 'ledger.key.json'),
    nextLedgerKey: join(dataDir, 'keys', 'ledger-next.key.json'),
    adminKey: join(dataDir, 'keys', 'admin.key.json'),
    readModels: join(dataDir, 'read-models.db'),
  };
}
