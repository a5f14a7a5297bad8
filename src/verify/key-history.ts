// The keys the verifier remembers as it folds the log: those each actor rotated out (a
// signature under one is named `actor.key_not_current`, not a bad signature) and every
// key the ledger has had, in order (checkpoints from outside the record may be signed
// with any of them).
import type { LedgerState, LedgerView, RecordedEvent } from '../domain';
import type { PublicKey } from '../integrity/ed25519';

const KEY_ROTATIONS = new Set(['principal.key_rotated', 'agent.key_rotated', 'ledger.key_rotated']);

export class KeyHistory {
  private readonly pastKeys = new Map<string, PublicKey[]>();
  /** The ledger's keys, from genesis on. */
  readonly ledgerKeys: PublicKey[] = [];

  /** `state` is the verifier's folded state and `view` its view (both read as they change). */
  constructor(
    private readonly state: LedgerState,
    private readonly view: LedgerView,
  ) {}

  /** The keys `actor` rotated out so far, oldest first; undefined when none. */
  pastOf(actor: string): PublicKey[] | undefined {
    return this.pastKeys.get(actor);
  }

  currentLedgerKey(): PublicKey | undefined {
    const id = this.state.ledger?.principalId;
    return id === undefined ? undefined : this.view.principal(id)?.key.checked;
  }

  /** Before a checked event is folded: the key it rotates out, if it rotates one. */
  beforeFold(event: RecordedEvent): void {
    if (KEY_ROTATIONS.has(event.type)) this.rememberRotatedKey(event);
  }

  /** After it was folded: the ledger's key, at genesis and after each of its rotations. */
  afterFold(event: RecordedEvent): void {
    if (event.position === 0 || event.type === 'ledger.key_rotated') {
      const key = this.currentLedgerKey();
      if (key) this.ledgerKeys.push(key);
    }
  }

  private rememberRotatedKey(event: RecordedEvent): void {
    const body = (event.statement.body ?? {}) as { principalId?: unknown; agentId?: unknown };
    const subject =
      event.type === 'ledger.key_rotated' ? this.state.ledger?.principalId : String(body.principalId ?? body.agentId ?? '');
    if (subject === undefined) return;
    const old = (this.view.principal(subject) ?? this.view.agent(subject))?.key.checked;
    if (old === undefined) return;
    const list = this.pastKeys.get(subject);
    if (list === undefined) this.pastKeys.set(subject, [old]);
    else list.push(old);
  }
}
