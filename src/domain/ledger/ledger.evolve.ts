// Folding the ledger stream and recorded checkpoints.
import type { Evolver } from '../shared/handler';
import { refOf } from '../shared/events';
import { checkedKey } from '../shared/keys';
import { parseInstant } from '../shared/time';
import type { LedgerPolicy, PrincipalState } from '../state/aggregates';
import { putPrincipal, updatePrincipal } from '../state/mutate';
import type { CheckpointRecordedBody, GenesisBody, LedgerKeyRotatedBody } from './ledger.bodies';

const genesis: Evolver = (state, event) => {
  const body = event.statement.body as GenesisBody;
  const ref = refOf(event);
  const at = parseInstant(event.recordedAt) ?? 0;
  const policy = (event.result as { policy: LedgerPolicy }).policy;
  state.ledger = { ledgerId: event.statement.ledgerId, principalId: event.statement.actor, policy, checkpointSize: 0, keys: [body.publicKey], ref };
  const principal = (id: string, kind: PrincipalState['kind'], name: string, key: string, admin: boolean): PrincipalState => ({
    id,
    kind,
    name,
    key: { encoded: key, checked: checkedKey(key) },
    roles: admin ? ['admin'] : [],
    status: 'active',
    registeredAt: at,
    ref,
  });
  putPrincipal(state, principal(event.statement.actor, 'ledger', 'ledger', body.publicKey, false));
  for (const a of body.admins) putPrincipal(state, principal(a.principalId, a.kind, a.name, a.publicKey, true));
};

const ledgerKeyRotated: Evolver = (state, event) => {
  const { publicKey } = event.statement.body as LedgerKeyRotatedBody;
  const ledger = state.ledger;
  if (ledger === undefined) return;
  const ref = refOf(event);
  state.ledger = { ...ledger, keys: ledger.keys.includes(publicKey) ? ledger.keys : [...ledger.keys, publicKey], ref };
  updatePrincipal(state, ledger.principalId, (p) => ({ ...p, key: { encoded: publicKey, checked: checkedKey(publicKey) }, ref }));
};

const checkpointRecorded: Evolver = (state, event) => {
  const { treeSize } = event.statement.body as CheckpointRecordedBody;
  if (state.ledger !== undefined) state.ledger = { ...state.ledger, checkpointSize: treeSize };
};

export const ledgerEvolvers = {
  'ledger.genesis': genesis,
  'ledger.key_rotated': ledgerKeyRotated,
  'checkpoint.recorded': checkpointRecorded,
};
