// The hand-rolled servers the appends bench measures the service against (issue 23),
// each run as its own process by http-floor.ts: `node dist/bench/floor-server.js <config>`,
// the configuration (FloorConfig) as JSON. It prints `PORT <n>` once it listens. Two kinds:
//  - bare: node:http reads the request to its end and answers the recorded response.
//    What any HTTP server must do at the least for one append.
//  - append: what issue 23 calls the hand-rolled floor. Fastify parses the same GraphQL
//    request body the service gets, takes the signed statement from it, verifies its
//    signature once (Node's Ed25519, over the very bytes the service verifies: the
//    domain-separated canonical text), inserts one row into SQLite in its own durable
//    transaction (WAL, synchronous=FULL, as the service's `full` durability) and
//    answers the recorded response. A signature that does not verify is a broken bench,
//    not a figure: it is answered with HTTP 500 and the driver throws.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { STATEMENT_SIGNING_PREFIX } from '../src/integrity/statement/statement-signing';

export type FloorConfig =
  | { readonly kind: 'bare'; readonly response: string }
  | {
      readonly kind: 'append';
      readonly response: string;
      /** Each statement's actor id -> its Ed25519 public key (base64url, 32 bytes). */
      readonly keys: Readonly<Record<string, string>>;
      /** The SQLite file to create. */
      readonly dbFile: string;
    };

/** What the service's per-use mutations take: `variables.input` of a GraphQL request. */
interface SignedInput {
  readonly statement: string;
  readonly signature: string;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

function bareServer(response: Buffer): Promise<number> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': response.length });
      res.end(response);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((listening) => server.listen(0, '127.0.0.1', () => listening((server.address() as AddressInfo).port)));
}

/** The durable store: one table, WAL, every commit synced (as the service's `full`). */
function openStore(file: string): (stream: string, data: string) => void {
  const db = new Database(file);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`floor store: journal_mode is ${String(mode)}, not wal`);
  db.pragma('synchronous = FULL');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('floor store: synchronous is not FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (stream, data) VALUES (?, ?)');
  // Its own transaction per request: BEGIN, the insert, COMMIT (and with it the fsync).
  const append = db.transaction((stream: string, data: string) => insert.run(stream, data));
  return (stream, data) => void append(stream, data);
}

function signedInputOf(body: unknown): SignedInput | undefined {
  const input = (body as { variables?: { input?: Partial<SignedInput> } } | null)?.variables?.input;
  return typeof input?.statement === 'string' && typeof input.signature === 'string' ? (input as SignedInput) : undefined;
}

async function appendServer(response: string, keyTexts: Readonly<Record<string, string>>, dbFile: string): Promise<number> {
  // KeyObjects made once, as the service keeps them (node-verifier.ts): a verify per request, not a key import.
  const keys = new Map<string, KeyObject>(
    Object.entries(keyTexts).map(([actor, x]) => [actor, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })]),
  );
  const append = openStore(dbFile);
  const app = Fastify({ logger: false });
  app.post('/graphql', (request, reply) => {
    const input = signedInputOf(request.body);
    const statement = input === undefined ? undefined : (JSON.parse(input.statement) as { actor?: unknown });
    const key = typeof statement?.actor === 'string' ? keys.get(statement.actor) : undefined;
    const message = input === undefined ? undefined : Buffer.from(STATEMENT_SIGNING_PREFIX + input.statement, 'utf8');
    if (input === undefined || key === undefined || !verify(null, message!, key, Buffer.from(input.signature, 'base64url'))) {
      const why = input === undefined ? 'no signed statement in the request' : key === undefined ? `no key for actor ${String(statement?.actor)}` : 'the signature did not verify';
      process.stderr.write(`floor server: ${why}\n`);
      return reply.code(500).type(CONTENT_TYPE).send(JSON.stringify({ floorError: why }));
    }
    append(statement!.actor as string, JSON.stringify(input));
    // A string with a JSON content type goes out as it is: the recorded bytes.
    return reply.type(CONTENT_TYPE).send(response);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const text = process.argv[2];
  if (text === undefined) throw new Error('usage: node dist/bench/floor-server.js <FloorConfig as JSON> (bench/http-floor.ts starts it)');
  const config = JSON.parse(text) as FloorConfig;
  const port = config.kind === 'bare' ? await bareServer(Buffer.from(config.response, 'utf8')) : await appendServer(config.response, config.keys, config.dbFile);
  process.stdout.write(`PORT ${port}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
