// The inventories (and the anomalies of the behaviour rules): the query for each and how a node becomes a row of text cells.
// The same column mapping makes the table and the CSV, so the CSV is what is shown.
import { capabilitiesText } from './lineage-model';

export interface InventoryDef {
  readonly title: string;
  /** The parameter the query needs (days or hours), with its default. */
  readonly param?: { readonly name: 'days' | 'hours'; readonly value: number };
  readonly selection: string;
  /** Rows per request: the service prices a page by its size times the selection (query.too_costly above 10,000). */
  readonly page: number;
  readonly columns: readonly string[];
  row(node: never): string[];
}

const AGENT = 'id ownerId status purpose modelName modelVersion provisionedAt lastReviewedAt';
const WINDOW = 'kind id holderId startsAt endsAt';
interface Agent {
  id: string;
  ownerId: string;
  status: string;
  purpose: string;
  modelName: string;
  modelVersion: string;
  provisionedAt: string;
  lastReviewedAt: string | null;
}
interface Window {
  kind: string;
  id: string;
  holderId: string;
  startsAt: string;
  endsAt: string;
}
interface Anomaly {
  recordedAt: string;
  agentId: string;
  rule: string;
  severity: string;
  value: number;
  baseline: number;
  threshold: number;
  subject: string | null;
  positions: number[];
}
const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const windowRow = (w: Window) => [w.kind, w.id, w.holderId, w.startsAt, w.endsAt];

export const INVENTORIES = {
  orphaned: {
    title: 'Orphaned agents',
    page: 500,
    selection: AGENT,
    columns: ['agent', 'owner', 'status', 'purpose', 'model', 'provisionedAt'],
    row: (a: Agent) => [a.id, a.ownerId, a.status, a.purpose, `${a.modelName} ${a.modelVersion}`, a.provisionedAt],
  },
  dormant: {
    title: 'Dormant agents',
    page: 500,
    param: { name: 'days', value: 30 },
    selection: `agent { ${AGENT} } lastDecisionAt`,
    columns: ['agent', 'owner', 'status', 'purpose', 'lastDecisionAt'],
    row: (n: { agent: Agent; lastDecisionAt: string | null }) => [n.agent.id, n.agent.ownerId, n.agent.status, n.agent.purpose, s(n.lastDecisionAt)],
  },
  overScoped: {
    title: 'Over-scoped delegations',
    page: 100,
    param: { name: 'days', value: 30 },
    selection: 'delegation { id delegatorId delegateeId rootHumanId notAfter capabilities } capabilities { index resource unused unusedActions usedActions }',
    columns: ['delegation', 'delegator', 'delegatee', 'human', 'notAfter', 'unused'],
    row: (n: { delegation: { id: string; delegatorId: string; delegateeId: string; rootHumanId: string; notAfter: string }; capabilities: { resource: string; unused: boolean; unusedActions: string[] }[] }) => [
      n.delegation.id,
      n.delegation.delegatorId,
      n.delegation.delegateeId,
      n.delegation.rootHumanId,
      n.delegation.notAfter,
      n.capabilities.map((c) => (c.unused ? `${c.resource} (all)` : `${c.resource} ${c.unusedActions.join(',')}`)).join('; '),
    ],
  },
  unreviewed: {
    title: 'Unreviewed agents',
    page: 500,
    param: { name: 'days', value: 90 },
    selection: `agent { ${AGENT} modelChangedAt } reason`,
    columns: ['agent', 'owner', 'status', 'reason', 'lastReviewedAt', 'modelChangedAt'],
    row: (n: { agent: Agent & { modelChangedAt: string | null }; reason: string }) => [n.agent.id, n.agent.ownerId, n.agent.status, n.reason, s(n.agent.lastReviewedAt), s(n.agent.modelChangedAt)],
  },
  expiring: {
    title: 'Expiring authority',
    page: 1000,
    param: { name: 'hours', value: 24 },
    selection: WINDOW,
    columns: ['kind', 'id', 'holder', 'startsAt', 'endsAt'],
    row: windowRow,
  },
  standing: {
    title: 'Standing authority',
    page: 1000,
    selection: WINDOW,
    columns: ['kind', 'id', 'holder', 'startsAt', 'endsAt'],
    row: windowRow,
  },
  anomalies: {
    title: 'Anomalies',
    page: 250,
    selection: 'recordedAt agentId rule severity value baseline threshold subject positions',
    columns: ['recordedAt', 'rule', 'severity', 'agent', 'value', 'baseline', 'threshold', 'subject', 'positions'],
    // positions: the decisions the anomaly rests on (leaf indexes), as `decision(leafIndex)` reads them.
    row: (a: Anomaly) => [a.recordedAt, a.rule, a.severity, a.agentId, s(a.value), s(a.baseline), s(a.threshold), s(a.subject), a.positions.join(', ')],
  },
} satisfies Record<string, { title: string; param?: InventoryDef['param']; selection: string; page: number; columns: string[]; row: (n: never) => string[] }>;

export type InventoryName = keyof typeof INVENTORIES;

export { capabilitiesText };
