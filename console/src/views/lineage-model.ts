// The lineage answer as a top-down graph: the human at the top, the action at the
// bottom; one node per principal, agent, delegation, credential and decision (the root
// entitlement labels the human's edge). Pure, so the bench and the view share it.
export interface LineageLink {
  readonly kind: string;
  readonly id: string;
  readonly status: string;
  readonly holderId: string | null;
  readonly capabilities: unknown;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly leafIndex: number | null;
  readonly eventHash: string | null;
}

export interface GraphNode {
  readonly key: string;
  readonly kind: string;
  readonly id: string;
  /** At the point the lineage was read (for a decision: the state it relied on). */
  readonly status: string;
  /** For a decision's chain: the status at the chosen "as of" point. */
  readonly statusAsOf?: string;
  readonly leafIndex: number | null;
  readonly detail?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface LineageGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface DecisionNode {
  readonly leafIndex: number;
  readonly requestId: string;
  readonly outcome: string;
  readonly detail: string;
}

const keyOf = (l: { kind: string; id: string }) => `${l.kind}:${l.id}`;

export function lineageGraph(chains: readonly (readonly LineageLink[])[], decision?: DecisionNode, statusAsOf?: ReadonlyMap<string, string>): LineageGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const links of chains) {
    const entitlement = links.find((l) => l.kind === 'entitlement');
    const topDown = links.filter((l) => l.kind !== 'entitlement').reverse();
    for (const l of topDown) {
      const key = keyOf(l);
      if (!nodes.has(key)) {
        const asOf = statusAsOf?.get(key);
        nodes.set(key, { key, kind: l.kind, id: l.id, status: l.status, leafIndex: l.leafIndex, ...(statusAsOf ? { statusAsOf: asOf ?? 'missing' } : {}) });
      }
    }
    topDown.forEach((upper, i) => {
      const lower = topDown[i + 1];
      if (lower === undefined) return;
      const carrier = lower.kind === 'delegation' || lower.kind === 'credential' ? lower : upper.kind === 'delegation' ? upper : upper.kind === 'principal' ? entitlement : undefined;
      const key = `${keyOf(upper)}>${keyOf(lower)}`;
      if (!edges.has(key)) edges.set(key, { from: keyOf(upper), to: keyOf(lower), label: carrier ? edgeLabel(carrier) : upper.kind === 'principal' ? 'owns' : 'parent of' });
    });
  }
  if (decision) {
    const key = `decision:${decision.leafIndex}`;
    nodes.set(key, { key, kind: 'decision', id: `${decision.requestId} @${decision.leafIndex}`, status: decision.outcome, leafIndex: decision.leafIndex, detail: decision.detail });
    const leaf = chains[0]?.[0];
    if (leaf) edges.set(`${keyOf(leaf)}>${key}`, { from: keyOf(leaf), to: key, label: 'presented for' });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

export function edgeLabel(l: LineageLink): string {
  const caps = capabilitiesText(l.capabilities);
  const window = l.notBefore && l.notAfter ? ` [${shortTime(l.notBefore)} → ${shortTime(l.notAfter)}]` : '';
  const prefix = l.kind === 'entitlement' ? `${l.id}: ` : '';
  return `${prefix}${caps}${window}`;
}

export function capabilitiesText(capabilities: unknown): string {
  if (!Array.isArray(capabilities)) return '';
  return capabilities
    .map((c: { resource?: string; actions?: string[]; conditions?: Record<string, unknown> }) => {
      const conditions = c.conditions && Object.keys(c.conditions).length > 0 ? ` (${Object.entries(c.conditions).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')})` : '';
      return `${c.resource ?? '?'} ${(c.actions ?? []).join(',')}${conditions}`;
    })
    .join('; ');
}

export const shortTime = (iso: string): string => iso.replace(/:\d\d(\.\d+)?Z$/, 'Z').replace('T', ' ');

/** The stream an event of this node lives in (decisions: the event at its position). */
export const streamOf = (node: GraphNode): string | undefined => (node.kind === 'decision' ? undefined : `${node.kind}-${node.id}`);
