// Rules for the ledger stream and the checkpoints stream.
import { err, ok, problem, type Result } from '../../errors/problem';
import type { Statement } from '../../integrity/statement/statement.types';
import { isAdmin, isLedger, notAuthorized } from '../authority/actor';
import { streams } from '../catalogue';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import type { LedgerView } from '../state/view';
import {
  parseCheckpointRecorded,
  parseLedgerKeyRotated,
  type CheckpointRecordedBody,
  type GenesisBody,
  type LedgerKeyRotatedBody,
} from './ledger.bodies';

/**
 * Genesis is decided before any principal exists: its actor becomes the ledger
 * principal, signing with the key the body names; the first admins come with it.
 */
export function decideGenesis(view: LedgerView, statement: Statement, body: GenesisBody): Result<NewEvent> {
  if (view.ledger() !== undefined) {
    return err(problem('ledger.already_initialized', 'this ledger already has its genesis', 'type'));
  }
  const clash = body.admins.findIndex((a) => a.principalId === statement.actor);
  if (clash >= 0) {
    return err(problem('body.invalid', 'an admin cannot share the ledger principal id', `body.admins[${clash}].principalId`));
  }
  return ok({ stream: streams.ledger, type: 'ledger.genesis', result: { policy: { ...body.policy } } });
}

/** Signed with the old ledger key, or by an admin when that key is lost. */
function decideLedgerKeyRotated(ctx: DecideContext<LedgerKeyRotatedBody>): Result<NewEvent> {
  if (!isLedger(ctx.view, ctx.actor.id) && !isAdmin(ctx.view, ctx.actor.id)) {
    return notAuthorized('only the ledger (old key) or an admin rotates the ledger key');
  }
  const ledger = ctx.view.principal(ctx.view.ledger()!.principalId)!;
  if (ledger.key.encoded === ctx.body.publicKey) {
    return err(problem('state.unchanged', 'that is already the ledger key', 'body.publicKey'));
  }
  return ok({ stream: streams.ledger, type: 'ledger.key_rotated' });
}

/**
 * A recorded checkpoint commits to a prefix of the log that exists (tree size at most
 * the events before it) and never shrinks; its signature and root are the verifier's
 * integrity checks, not domain rules.
 */
function decideCheckpointRecorded(ctx: DecideContext<CheckpointRecordedBody>): Result<NewEvent> {
  if (!isLedger(ctx.view, ctx.actor.id)) return notAuthorized('only the ledger records checkpoints');
  const previous = ctx.view.ledger()!.checkpointSize;
  if (ctx.body.treeSize > ctx.view.size || ctx.body.treeSize < previous) {
    return err(
      problem('checkpoint.size_invalid', `treeSize must lie between ${previous} and ${ctx.view.size}`, 'body.treeSize', {
        previous,
        logSize: ctx.view.size,
      }),
    );
  }
  return ok({ stream: streams.checkpoints, type: 'checkpoint.recorded' });
}

export const ledgerHandlers = {
  'ledger.key_rotated': handler({ parse: parseLedgerKeyRotated, decide: decideLedgerKeyRotated }),
  'checkpoint.recorded': handler({ parse: parseCheckpointRecorded, decide: decideCheckpointRecorded }),
};
