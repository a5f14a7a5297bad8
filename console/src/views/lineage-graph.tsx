// The graph drawn as SVG, laid out top-down by dagre. Each node is a focusable button
// (Tab, Enter) whose status is written in it, not only coloured.
import dagre from '@dagrejs/dagre';
import { useMemo } from 'preact/hooks';
import type { GraphNode, LineageGraph } from './lineage-model';

const W = 240;
const H = 78;
const CHAR = 6.2;

interface Placed {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly (GraphNode & { x: number; y: number })[];
  readonly edges: readonly { from: string; to: string; label: string; points: { x: number; y: number }[]; lx: number; ly: number; lw: number }[];
}

export function layoutGraph(graph: LineageGraph): Placed {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70, edgesep: 20, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.key, { width: W, height: H });
  for (const e of graph.edges) g.setEdge(e.from, e.to, { label: e.label, width: Math.min(320, e.label.length * CHAR), height: 16, labelpos: 'c' });
  dagre.layout(g);
  const size = g.graph();
  return {
    width: size.width ?? W,
    height: size.height ?? H,
    nodes: graph.nodes.map((n) => ({ ...n, x: g.node(n.key).x, y: g.node(n.key).y })),
    edges: graph.edges.map((e) => {
      const placed = g.edge(e.from, e.to) as { points: { x: number; y: number }[]; x: number; y: number; width: number };
      return { ...e, points: placed.points, lx: placed.x, ly: placed.y, lw: placed.width };
    }),
  };
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function LineageGraphView({ graph, selected, onSelect }: { graph: LineageGraph; selected?: string | undefined; onSelect: (n: GraphNode) => void }) {
  const placed = useMemo(() => layoutGraph(graph), [graph]);
  return (
    <svg id="lineage-graph" role="group" aria-label="Chain of authority, human at the top" viewBox={`0 0 ${placed.width} ${placed.height}`} width={placed.width} height={placed.height}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#555" />
        </marker>
      </defs>
      {placed.edges.map((e) => (
        <g key={`${e.from}>${e.to}`} class="edge" data-from={e.from} data-to={e.to}>
          <path d={`M${e.points.map((p) => `${p.x},${p.y}`).join(' L')}`} fill="none" stroke="#555" marker-end="url(#arrow)" />
          <rect x={e.lx - e.lw / 2} y={e.ly - 9} width={e.lw} height={16} fill="#fff" opacity="0.9" />
          <text x={e.lx} y={e.ly + 3} text-anchor="middle" class="edge-label">
            <title>{e.label}</title>
            {clip(e.label, Math.floor(e.lw / CHAR))}
          </text>
        </g>
      ))}
      {placed.nodes.map((n) => (
        <g
          key={n.key}
          class={`node status-${n.status}${selected === n.key ? ' selected' : ''}`}
          data-node={n.key}
          data-kind={n.kind}
          data-id={n.id}
          data-status={n.status}
          data-status-asof={n.statusAsOf}
          transform={`translate(${n.x - W / 2},${n.y - H / 2})`}
          tabindex={0}
          role="button"
          aria-pressed={selected === n.key}
          aria-label={`${n.kind} ${n.id}, status ${n.status}${n.statusAsOf ? `, at the chosen point ${n.statusAsOf}` : ''}`}
          onClick={() => onSelect(n)}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(n))}
        >
          <rect width={W} height={H} rx="6" />
          <text x="10" y="18" class="kind">{n.kind.toUpperCase()}</text>
          <text x="10" y="36">{clip(n.id, 36)}</text>
          <text x="10" y="54" class="status">{n.statusAsOf !== undefined ? `then: ${n.status}` : `status: ${n.status}`}</text>
          {n.statusAsOf !== undefined && <text x="10" y="70" class="status">as of: {n.statusAsOf}</text>}
          {n.statusAsOf === undefined && n.detail && <text x="10" y="70">{clip(n.detail, 36)}</text>}
        </g>
      ))}
    </svg>
  );
}
