// The one entry point for deciding a statement. Checks that hold for every type come
// first (type, body, ledger, nonce, clock, actor); then the type's own rules run.
// Signatures are checked by the caller against `signerKeyFor` before deciding.
import { err, problem, type Problem, type Result } from '../errors/problem';
import { nobleVerifier, type PublicKey } from '../integrity/ed25519';
import type { Statement } from '../integrity/statement/statement.types';
import { actionHandlers } from './action/action.decide';
import { agentHandlers } from './agent/agent.decide';
import { authzenHandlers } from './authzen/authzen.decide';
import { containmentHandlers } from './behaviour/containment';
import { actorKey, inactiveActor, resolveActor } from './authority/actor';
import { isStatementType, type StatementType } from './catalogue';
import { credentialHandlers } from './credential/credential.decide';
import { delegationHandlers } from './delegation/delegation.decide';
import { parseGenesis } from './ledger/ledger.bodies';
import { decideGenesis, ledgerHandlers } from './ledger/ledger.decide';
import { principalHandlers } from './principal/principal.decide';
import type { DecideCommand, NewEvent } from './shared/events';
import { checkedKey } from './shared/keys';
import type { StatementHandler } from './shared/handler';
import { checkIssuedAt, parseInstant } from './shared/time';
import type { LedgerRecord } from './state/aggregates';
import type { LedgerView } from './state/view';

// `any`: each handler's body type is fixed by its own parser; the map only dispatches.
const HANDLERS: Readonly<Record<Exclude<StatementType, 'ledger.genesis'>, StatementHandler<any>>> = {
  ...ledgerHandlers,
  ...principalHandlers,
  ...agentHandlers,
  ...delegationHandlers,
  ...credentialHandlers,
  ...actionHandlers,
  ...authzenHandlers,
  ...containmentHandlers,
};

/** decide(state, command) -> the event to record, or every reason it is refused. */
export function decide(view: LedgerView, command: DecideCommand): Result<NewEvent> {
  const { statement } = command;
  const now = parseInstant(command.recordedAt);
  if (now === undefined) return err(problem('envelope.malformed', 'recordedAt must be an RFC 3339 UTC time with milliseconds', 'recordedAt'));
  if (!isStatementType(statement.type)) return err(problem('statement.unknown_type', `unknown statement type ${statement.type}`, 'type'));
  if (statement.type === 'ledger.genesis') return genesis(view, statement, now);
  const handler = HANDLERS[statement.type];
  const body = handler.parse(statement.body);
  if (!body.ok) return body;
  const ledger = view.ledger();
  if (ledger === undefined) return err(problem('ledger.not_initialized', 'the ledger has no genesis yet', 'type'));
  const refused = preconditions(view, ledger, statement, now);
  if (refused !== undefined) return err(refused);
  const actor = resolveActor(view, statement.actor);
  if (!actor.ok) return actor;
  // A request by a suspended or deprovisioned agent is still recorded, as a denial.
  const inactive = statement.type === 'action.request' ? undefined : inactiveActor(actor.value);
  if (inactive !== undefined) return err(inactive);
  const verifier = command.verifier ?? nobleVerifier;
  return handler.decide({ view, statement, body: body.value, actor: actor.value, now, recordedAt: command.recordedAt, policy: ledger.policy, verifier });
}

function genesis(view: LedgerView, statement: Statement, now: number): Result<NewEvent> {
  const body = parseGenesis(statement.body);
  if (!body.ok) return body;
  if (view.ledger() !== undefined) return decideGenesis(view, statement, body.value);
  const skew = checkIssuedAt(statement.issuedAt, now, body.value.policy.skewSeconds);
  return skew.ok ? decideGenesis(view, statement, body.value) : skew;
}

function preconditions(view: LedgerView, ledger: LedgerRecord, statement: Statement, now: number): Problem | undefined {
  if (statement.ledgerId !== ledger.ledgerId) {
    return problem('statement.wrong_ledger', `statement is for ledger ${statement.ledgerId}, not ${ledger.ledgerId}`, 'ledgerId');
  }
  const seen = view.nonceSeen(statement.actor, statement.nonce);
  if (seen !== undefined) {
    return problem('statement.replayed', 'this actor already used this nonce', 'nonce', { position: seen });
  }
  const skew = checkIssuedAt(statement.issuedAt, now, ledger.policy.skewSeconds);
  return skew.ok ? undefined : skew.problems[0];
}

/**
 * The key a statement's signature must verify under: the actor's current key, or for
 * genesis (before any key is registered) the ledger key the genesis body names.
 */
export function signerKeyFor(view: LedgerView, statement: Statement): string | undefined {
  return genesisKey(view, statement) ?? actorKey(view, statement.actor);
}

/**
 * The same key, already checked against the key policy (kept in the state since it was
 * registered), so that a verifier does no key work per signature.
 */
export function signerPublicKeyFor(view: LedgerView, statement: Statement): PublicKey | undefined {
  const genesis = genesisKey(view, statement);
  if (genesis !== undefined) return checkedKey(genesis);
  return (view.principal(statement.actor) ?? view.agent(statement.actor))?.key.checked;
}

function genesisKey(view: LedgerView, statement: Statement): string | undefined {
  if (statement.type !== 'ledger.genesis' || view.ledger() !== undefined) return undefined;
  const key = (statement.body as { publicKey?: unknown } | null)?.publicKey;
  return typeof key === 'string' ? key : undefined;
}
