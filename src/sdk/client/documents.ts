// The GraphQL operations the client sends, in one place, named and shaped as the
// service's schema (schema/schema.graphql) has them; a test validates every one of
// them against that schema.
import type { MutationName } from '../statement-catalogue';

const RECEIPT = 'envelopeHash leafIndex stream revision type result checkpoint treeSize inclusionProof replayed';
const PROBLEM = 'code message path details';
const RECORDED_EVENT = 'position stream revision type hash envelope';

const CREDENTIAL_ANSWER = `credential { token credentialId kid expiresAt } receipt { ${RECEIPT} }`;
const AUTHORIZE_ANSWER = `decision reason hop { kind id } chain { kind id eventHash leafIndex capability } approvalId threshold approvers expiresAt failedClosed receipt { ${RECEIPT} }`;

/** Mutations whose answer is richer than a receipt (the receipt is one of its fields). */
export const ANSWER_SELECTIONS: Partial<Record<MutationName, string>> = {
  requestCredential: CREDENTIAL_ANSWER,
  authorize: AUTHORIZE_ANSWER,
};

/** The per-use mutation for statements of one type. */
export const submitDocument = (mutation: MutationName): string =>
  `mutation ${mutation[0]!.toUpperCase()}${mutation.slice(1)}($input: SignedStatementInput!) { ${mutation}(input: $input) { ${ANSWER_SELECTIONS[mutation] ?? RECEIPT} } }`;

export const SUBMIT_BATCH_FIELD = 'submitStatements';
export const SUBMIT_BATCH = `mutation SubmitBatch($inputs: [SignedStatementInput!]!) {
  ${SUBMIT_BATCH_FIELD}(inputs: $inputs) { receipt { ${RECEIPT} } replayed errors { ${PROBLEM} } }
}`;

export const CHECKPOINT = 'query Checkpoint { checkpoint { note origin treeSize rootHash } }';

export const INCLUSION_PROOF = `query InclusionProof($leafIndex: Int!, $treeSize: Int) {
  inclusionProof(leafIndex: $leafIndex, treeSize: $treeSize) { leafIndex treeSize rootHash proof }
}`;

export const CONSISTENCY_PROOF = `query ConsistencyProof($fromSize: Int!, $toSize: Int) {
  consistencyProof(fromSize: $fromSize, toSize: $toSize) { fromSize toSize fromRoot toRoot proof }
}`;

export const EVENT = `query Event($position: Int!) { event(position: $position) { ${RECORDED_EVENT} } }`;

export const STREAM = `query Stream($name: String!, $fromRevision: Int, $limit: Int) {
  stream(name: $name, fromRevision: $fromRevision, limit: $limit) { ${RECORDED_EVENT} }
}`;

/** Every operation, for the schema test. */
export function allDocuments(mutations: readonly MutationName[]): string[] {
  return [...mutations.map(submitDocument), SUBMIT_BATCH, CHECKPOINT, INCLUSION_PROOF, CONSISTENCY_PROOF, EVENT, STREAM];
}
