// Issue 17, item 7, the case a refusal cannot cover: another writer on the same store
// (a replica) records a ledger key rotation whose seed this writer does not hold. This
// writer goes on signing with the previous key, and /healthz says "degraded" with the
// reason instead of "ok"; staging the seed ends it.
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { seedSigner, type LedgerKeyStore } from '../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../src/application/ledger/ledger-clock';
import { LEDGER_PORT } from '../../src/application/ledger/ledger.port';
import { createHttpApp } from '../../src/interface/http-app';
import { InterfaceModule } from '../../src/interface/interface.module';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { generateKeyPair } from '../../src/integrity/ed25519';
import { actor, StatementFactory, tempDir } from '../support/ledger-fixtures';

installNodeSha256();

const ledger = actor('ledger');
const admin = actor('admin');
const f = new StatementFactory(`ledger-${Date.now()}`);
const path = join(tempDir('writ-key-health-'), 'writ.db');

/** The seeds an operator put in this writer's key directory (nothing staged by the ledger). */
function heldKeys(seeds: Uint8Array[]): LedgerKeyStore {
  return {
    signerFor: (publicKey) => {
      const seed = seeds.find((s) => Buffer.from(seedSigner(s).publicKey).equals(Buffer.from(publicKey)));
      return seed === undefined ? undefined : seedSigner(seed);
    },
    stage: () => {
      throw new Error('not used here');
    },
    promote: () => undefined,
  };
}

const options = (keys: LedgerKeyStore) => ({
  store: new SqliteEventStore(path, { durability: 'normal' }),
  signer: seedSigner(ledger.keys.seed),
  keys,
  clock: monotonicClock(),
  originHost: 'writ.test',
  observer: { keyUnavailable: () => undefined },
});

@Module({})
class RuntimeModule {}

let rotating: LedgerRuntime;
let replica: LedgerRuntime;
let app: NestFastifyApplication;
const next = generateKeyPair();
const replicaSeeds = [ledger.keys.seed];

beforeAll(async () => {
  rotating = await LedgerRuntime.create(options(heldKeys([ledger.keys.seed, next.seed])), f.statement(ledger, 'ledger.genesis', {
    publicKey: ledger.publicKey,
    admins: [{ principalId: admin.id, kind: 'human', name: 'Admin', publicKey: admin.publicKey }],
  }));
  replica = await LedgerRuntime.open(options(heldKeys(replicaSeeds)));
  const ledgerModule = { module: RuntimeModule, providers: [{ provide: LEDGER_PORT, useValue: replica }], exports: [LEDGER_PORT] };
  app = await createHttpApp(InterfaceModule.register({ ledgerModule }), { logger: false });
  await app.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await rotating?.close();
  await replica?.close();
});

const health = async () => (await fetch(`${await app.getUrl()}/healthz`)).json();
const currentKid = (runtime: LedgerRuntime) => runtime.ledgerKeys().find((k) => k.current)?.kid;
const register = (runtime: LedgerRuntime) => {
  const human = actor('human');
  return runtime.submit(f.signed(admin, 'principal.registered', { principalId: human.id, kind: 'human', name: 'Hana', publicKey: human.publicKey }));
};
const rotation = (publicKey: Uint8Array) => f.signed(admin, 'ledger.key_rotated', { publicKey: Buffer.from(publicKey).toString('base64url') });

test('a writer refuses a rotation to a key it holds no seed for', async () => {
  const refused = await replica.submit(rotation(generateKeyPair().publicKey));
  expect(refused.ok ? 'accepted' : refused.problems[0]).toMatchObject({ code: 'ledger.key_not_staged', path: 'body.publicKey' });
  expect(await health()).toEqual({ status: 'ok', treeSize: replica.size() });
});

test('a rotation recorded elsewhere without the seed here: still signing with the old key, /healthz degraded until it is staged', async () => {
  const oldKid = currentKid(replica);
  expect((await rotating.submit(rotation(next.publicKey))).ok).toBe(true);
  // The replica folds the rotation in with its next commit.
  expect((await register(replica)).ok).toBe(true);
  expect(currentKid(replica)).toBe(oldKid);
  expect(await health()).toEqual({
    status: 'degraded',
    treeSize: replica.size(),
    reasons: [expect.stringContaining(`ledger key ${Buffer.from(next.publicKey).toString('base64url')}`)],
  });
  // The operator stages the seed: the next commit adopts the key, and health is ok again.
  replicaSeeds.push(next.seed);
  expect((await register(replica)).ok).toBe(true);
  expect(currentKid(replica)).toBe(currentKid(rotating));
  expect(await health()).toEqual({ status: 'ok', treeSize: replica.size() });
});
