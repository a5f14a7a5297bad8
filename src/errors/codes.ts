// Every error code Writ returns, as one closed union. Codes are namespaced by what
// they are about and stable: clients and scripts match on them. Each area keeps its
// own section; add codes to your section only.

export const ERROR_CODES = [
  // --- input parsing (jcs) ---
  'json.syntax',
  'json.duplicate_key',
  'json.lone_surrogate',
  'json.number_not_round_trip',
  'json.unsupported_value',
  // --- statements and signatures ---
  'statement.not_canonical',
  'statement.malformed',
  'statement.bad_signature',
  'statement.wrong_ledger',
  'statement.unsupported_version',
  // --- keys (ed25519 policy) ---
  'key.malformed',
  'key.small_order',
  'key.torsion',
  // --- envelopes and chains ---
  'envelope.malformed',
  'envelope.bad_hash',
  'envelope.bad_prev_hash',
  'envelope.revision_gap',
  'envelope.wrong_stream',
  // --- merkle proofs and checkpoints ---
  'proof.malformed',
  'proof.invalid',
  'note.malformed',
  'note.no_known_signature',
  'note.bad_signature',
  'checkpoint.malformed',
  'checkpoint.origin_mismatch',
  // --- storage ---
  'store.version_conflict',
  'store.unavailable',
  'store.too_large',
  // --- domain (owned by src/domain) ---
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
