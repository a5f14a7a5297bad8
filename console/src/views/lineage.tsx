// Lineage: "who authorized this, through which chain, back to which human, and was it
// valid then?" Search a subject; see the chain as a graph; click a node for its events.
import { useEffect, useState } from 'preact/hooks';
import { asOfVariable, gql, type ProblemText } from '../api/graphql';
import { EVENT_FIELDS, type RecordedEvent } from '../api/verify';
import type { Ctx } from '../context';
import { EventList } from './event-list';
import { LineageGraphView } from './lineage-graph';
import { lineageGraph, streamOf, type GraphNode, type LineageGraph, type LineageLink } from './lineage-model';
import { Problems } from './problems';

const KINDS = { decision: 'Decision (request id)', decisionAt: 'Decision (position)', agent: 'Agent', credential: 'Credential', delegation: 'Delegation' } as const;
type Kind = keyof typeof KINDS;

const LINKS = 'kind id status holderId capabilities notBefore notAfter leafIndex eventHash';
const LINEAGE = `query($of: LineageOf!, $asOf: AsOf) { lineage(of: $of, asOf: $asOf) { position chains { links { ${LINKS} } } } }`;
const DECISION = 'query($at: Int!) { decision(leafIndex: $at) { requestId outcome reason action resource agentId amount recordedAt } }';

interface LineageAnswer {
  lineage: { position: number; chains: { links: LineageLink[] }[] } | null;
}

export function LineageView({ ctx }: { ctx: Ctx }) {
  const [kind, setKind] = useState<Kind>('decision');
  const [subject, setSubject] = useState('');
  const [asked, setAsked] = useState<{ kind: Kind; subject: string } | undefined>();
  const [graph, setGraph] = useState<LineageGraph | undefined>();
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<readonly ProblemText[] | undefined>();
  const [selected, setSelected] = useState<GraphNode | undefined>();

  useEffect(() => {
    if (!asked) return;
    let live = true;
    void loadGraph(ctx, asked.kind, asked.subject).then((r) => {
      if (!live) return;
      setSelected(undefined);
      if (!r.ok) return (setGraph(undefined), setProblems(r.problems));
      setProblems(undefined);
      setGraph(r.graph);
      setNote(r.note);
    });
    return () => void (live = false);
  }, [asked, ctx.asOf, ctx.token]);

  const submit = (e: Event) => {
    e.preventDefault();
    if (subject.trim()) setAsked({ kind, subject: subject.trim() });
  };

  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      <form onSubmit={submit} class="search">
        <label>
          Subject{' '}
          <select id="lineage-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}>
            {Object.entries(KINDS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Id{' '}
          <input id="lineage-subject" value={subject} onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" id="lineage-show">
          Show the chain
        </button>
      </form>
      {problems && <Problems problems={problems} principal={ctx.principal} />}
      {graph && (
        <>
          <p id="lineage-note">{note}</p>
          <div class="graph-box">
            <LineageGraphView graph={graph} selected={selected?.key} onSelect={setSelected} />
          </div>
        </>
      )}
      {selected && <NodeEvents ctx={ctx} node={selected} />}
    </section>
  );
}

type Loaded = { ok: true; graph: LineageGraph; note: string } | { ok: false; problems: readonly ProblemText[] };

export async function loadGraph(ctx: Ctx, kind: Kind, subject: string): Promise<Loaded> {
  const asOf = asOfVariable(ctx.asOf);
  let of: Record<string, string | number>;
  if (kind === 'decisionAt') {
    const at = Number(subject);
    if (!Number.isSafeInteger(at) || at < 0) return { ok: false, problems: [{ code: 'console.bad_input', message: 'a decision position is a whole number from 0' }] };
    of = { decisionAt: at };
  } else of = { [kind]: subject };
  const answer = await gql<LineageAnswer>(LINEAGE, { of, asOf }, ctx.token);
  if (!answer.ok) return answer;
  const lineage = answer.data.lineage;
  if (lineage === null) return { ok: false, problems: [{ code: 'console.not_found', message: `no ${KINDS[kind].toLowerCase()} ${subject} at ${asOf === null ? 'the head' : 'the chosen point'}` }] };
  const chains = lineage.chains.map((c) => c.links);
  if (kind !== 'decision' && kind !== 'decisionAt') {
    return { ok: true, graph: lineageGraph(chains), note: `Status of each node at position ${lineage.position}.` };
  }
  const d = await gql<{ decision: { requestId: string; outcome: string; reason: string | null; action: string; resource: string; agentId: string; amount: number | null; recordedAt: string } | null }>(DECISION, { at: lineage.position }, ctx.token);
  if (!d.ok) return d;
  const dec = d.data.decision;
  const detail = dec ? `${dec.action} ${dec.resource}${dec.reason ? ` (${dec.reason})` : ''}` : '';
  // Also each node's status at the chosen point, through the credential the decision used.
  const credential = chains[0]?.find((l) => l.kind === 'credential');
  const now = credential ? await gql<LineageAnswer>(LINEAGE, { of: { credential: credential.id }, asOf }, ctx.token) : undefined;
  const statusAsOf = new Map<string, string>();
  if (now?.ok && now.data.lineage) for (const c of now.data.lineage.chains) for (const l of c.links) statusAsOf.set(`${l.kind}:${l.id}`, l.status);
  const graph = lineageGraph(chains, { leafIndex: lineage.position, requestId: dec?.requestId ?? subject, outcome: dec?.outcome ?? 'unknown', detail }, statusAsOf);
  const when = dec ? `recorded ${dec.recordedAt}` : '';
  return { ok: true, graph, note: `Decision at position ${lineage.position} ${when}: "then" is each node's status when it was decided; "as of" is its status at the chosen point.` };
}

function NodeEvents({ ctx, node }: { ctx: Ctx; node: GraphNode }) {
  const [events, setEvents] = useState<RecordedEvent[] | undefined>();
  const [problems, setProblems] = useState<readonly ProblemText[] | undefined>();
  useEffect(() => {
    let live = true;
    const stream = streamOf(node);
    const query =
      stream === undefined
        ? gql<{ event: RecordedEvent | null }>(`query($p: Int!) { event(position: $p) { ${EVENT_FIELDS} } }`, { p: node.leafIndex ?? -1 }, ctx.token).then((a) => (a.ok ? { ok: true as const, events: a.data.event ? [a.data.event] : [] } : a))
        : gql<{ stream: RecordedEvent[] }>(`query($s: String!) { stream(name: $s, limit: 1000) { ${EVENT_FIELDS} } }`, { s: stream }, ctx.token).then((a) => (a.ok ? { ok: true as const, events: a.data.stream } : a));
    void query.then((r) => {
      if (!live) return;
      if (!r.ok) return (setEvents(undefined), setProblems(r.problems));
      setProblems(undefined);
      setEvents(r.events);
    });
    return () => void (live = false);
  }, [node.key, ctx.token]);
  return (
    <section id="node-events" aria-labelledby="node-events-title">
      <h3 id="node-events-title">
        Events of {node.kind} {node.id}
      </h3>
      {problems && <Problems problems={problems} principal={ctx.principal} />}
      {events && <EventList ctx={ctx} events={events} caption={`${events.length} event(s), each receipt checked in this browser`} />}
    </section>
  );
}
