// Where a ledger's files live under the data directory.
import { join } from 'node:path';

export interface LedgerFiles {
  readonly store: string;
  readonly ledgerKey: string;
  readonly adminKey: string;
}

export function ledgerFiles(dataDir: string): LedgerFiles {
  return {
    store: join(dataDir, 'writ.db'),
    ledgerKey: join(dataDir, 'keys', 'ledger.key.json'),
    adminKey: join(dataDir, 'keys', 'admin.key.json'),
  };
}
