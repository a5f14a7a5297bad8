// A ledger for tests: statements are decided against the folded state and, when
// accepted, recorded (with a deterministic hash and the next position) and folded in,
// exactly as the service does. The clock only moves when a test moves it.
import type { ErrorCode } from '../../../src/errors/codes';
import type { Result } from '../../../src/errors/problem';
import { bytesToHex, toBase64Url, utf8ToBytes } from '../../../src/integrity/bytes';
import { globalPosition } from '../../../src/integrity/brands';
import { keyPairFromSeed } from '../../../src/integrity/ed25519';
import { sha256 } from '../../../src/integrity/sha256';
import type { Statement } from '../../../src/integrity/statement/statement.types';
import { decide, emptyLedgerState, evolve, formatInstant, viewOf, type NewEvent, type RecordedEvent } from '../../../src/domain';

export const LEDGER_ID = 'ledger-1';
export const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const keys = new Map<string, string>();

/** A deterministic, policy-valid Ed25519 public key (base64url) per name. */
export function keyOf(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = toBase64Url(keyPairFromSeed(sha256(utf8ToBytes(`test key ${name}`))).publicKey);
    keys.set(name, key);
  }
  return key;
}

/** What a test submits: the statement's type, actor and body, and optional overrides. */
export interface Command {
  readonly type: string;
  readonly actor: string;
  readonly body: unknown;
  readonly nonce?: string;
  readonly issuedAt?: string;
  readonly ledgerId?: string;
}

export class TestLedger {
  readonly state = emptyLedgerState();
  readonly view = viewOf(this.state);
  readonly events: RecordedEvent[] = [];
  now = T0;
  private nonces = 0;

  get recordedAt(): string {
    return formatInstant(this.now);
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  statement(c: Command): Statement {
    const nonce = c.nonce ?? `nonce-${String(++this.nonces).padStart(6, '0')}`;
    return { v: 1, ledgerId: c.ledgerId ?? LEDGER_ID, type: c.type, actor: c.actor, nonce, issuedAt: c.issuedAt ?? this.recordedAt, body: c.body };
  }

  decide(c: Command | Statement): Result<NewEvent> {
    const statement = 'v' in c ? c : this.statement(c);
    return decide(this.view, { statement, recordedAt: this.recordedAt });
  }

  /** Decides and, if accepted, records and folds; the recorded event or the refusal. */
  submit(c: Command | Statement): Result<RecordedEvent> {
    const statement = 'v' in c ? c : this.statement(c);
    const decided = decide(this.view, { statement, recordedAt: this.recordedAt });
    if (!decided.ok) return decided;
    return { ok: true, value: this.record(statement, decided.value) };
  }

  record(statement: Statement, e: NewEvent): RecordedEvent {
    const position = this.state.size;
    const hash = bytesToHex(sha256(utf8ToBytes(`${position}\n${e.type}\n${statement.actor}\n${statement.nonce}`)));
    const event: RecordedEvent = {
      type: e.type,
      stream: e.stream,
      statement,
      ...(e.result === undefined ? {} : { result: e.result }),
      recordedAt: this.recordedAt,
      hash,
      position: globalPosition(position),
    };
    evolve(this.state, event);
    this.events.push(event);
    return event;
  }

  /** Submits a statement that must be accepted (for the `given` part of a test). */
  must(c: Command): RecordedEvent {
    const r = this.submit(c);
    if (!r.ok) throw new Error(`given ${c.type} by ${c.actor} was refused: ${JSON.stringify(r.problems)}`);
    return r.value;
  }

  /** The refusal codes of a statement that must be refused. */
  refusal(c: Command): readonly { code: ErrorCode; path: string }[] {
    const r = this.submit(c);
    if (r.ok) throw new Error(`${c.type} by ${c.actor} was accepted as ${r.value.type}`);
    return r.problems.map((p) => ({ code: p.code, path: p.path }));
  }
}
