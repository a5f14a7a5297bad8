// Actors with real keys and a statement factory for integration tests. Statements are
// signed with the real integrity code; nothing here shortcuts a check.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBase64Url } from '../../src/integrity/bytes';
import { generateKeyPair, type KeyPair } from '../../src/integrity/ed25519';
import { signStatement, type SignedStatement, type Statement } from '../../src/integrity/statement';

export interface TestActor {
  readonly id: string;
  readonly keys: KeyPair;
  readonly publicKey: string;
}

export function actor(prefix: string): TestActor {
  const keys = generateKeyPair();
  return { id: `${prefix}-${randomUUID()}`, keys, publicKey: toBase64Url(keys.publicKey) };
}

export function tempDir(name = 'writ-test-'): string {
  return mkdtempSync(join(tmpdir(), name));
}

export class StatementFactory {
  constructor(
    readonly ledgerId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  statement(by: TestActor, type: string, body: object, nonce: string = randomUUID()): Statement {
    return { v: 1, ledgerId: this.ledgerId, type, actor: by.id, nonce, issuedAt: this.now().toISOString(), body };
  }

  signed(by: TestActor, type: string, body: object, nonce?: string): SignedStatement {
    return signStatement(this.statement(by, type, body, nonce), by.keys.seed);
  }
}

export const inDays = (days: number, from = Date.now()) => new Date(from + days * 86_400_000).toISOString();
