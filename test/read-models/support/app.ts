// The real interface module over real HTTP, with a real ledger runtime behind
// LEDGER_PORT and the read models following it; read tokens signed with the actors' keys.
import { createPrivateKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { SignJWT } from 'jose';
import { LEDGER_PORT } from '../../../src/application/ledger/ledger.port';
import { READ_SERVICE } from '../../../src/application/projections/read-models';
import { ReadService } from '../../../src/application/queries/read-service';
import { toBase64Url } from '../../../src/integrity/bytes';
import { createHttpApp } from '../../../src/interface/http-app';
import { InterfaceModule } from '../../../src/interface/interface.module';
import type { TestActor } from '../../support/ledger-fixtures';
import type { TestApp } from '../../interface/support/app';
import type { World } from './world';

@Module({})
class RealLedgerModule {}

export async function startReadApp(w: World): Promise<TestApp> {
  const ledgerModule = {
    module: RealLedgerModule,
    providers: [
      { provide: LEDGER_PORT, useValue: w.runtime },
      { provide: READ_SERVICE, useValue: new ReadService(w.models) },
    ],
    exports: [LEDGER_PORT, READ_SERVICE],
  };
  const app = await createHttpApp(InterfaceModule.register({ ledgerModule }), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    graphql: async (query, variables, token) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: (await response.json()) as never };
    },
    close: () => app.close(),
  };
}

/** A read token; `window` (seconds since the epoch) defaults to now .. now + 120 s. */
export function tokenOf(w: World, who: TestActor, window?: { iat: number; exp: number }): Promise<string> {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(who.keys.seed), x: who.publicKey }, format: 'jwk' });
  const iat = window?.iat ?? Math.floor(Date.now() / 1000);
  const exp = window?.exp ?? iat + 120;
  return new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).setIssuer(who.id).setAudience(w.runtime.ledgerId).setIssuedAt(iat).setExpirationTime(exp).sign(key);
}
