// Events: the log a page of positions at a time (or one stream by revision), filtered
// by type; each event's inclusion proof checked in this browser.
import { useEffect, useState } from 'preact/hooks';
import { gql, type ProblemText } from '../api/graphql';
import { EVENT_FIELDS, type RecordedEvent } from '../api/verify';
import type { Ctx } from '../context';
import { EventList } from './event-list';
import { Problems } from './problems';

const PAGE = 50;

type Loaded = { ok: true; events: RecordedEvent[]; head: number } | { ok: false; problems: readonly ProblemText[] };

async function loadPage(ctx: Ctx, stream: string, from: number): Promise<Loaded> {
  const head = await gql<{ checkpoint: { treeSize: number } }>('{ checkpoint { treeSize } }', {}, ctx.token);
  if (!head.ok) return head;
  const size = head.data.checkpoint.treeSize;
  if (stream) {
    const a = await gql<{ stream: RecordedEvent[] }>(`query($s: String!, $f: Int!) { stream(name: $s, fromRevision: $f, limit: ${PAGE}) { ${EVENT_FIELDS} } }`, { s: stream, f: from }, ctx.token);
    return a.ok ? { ok: true, events: a.data.stream, head: size } : a;
  }
  const positions = Array.from({ length: Math.max(0, Math.min(PAGE, size - from)) }, (_, i) => from + i);
  if (positions.length === 0) return { ok: true, events: [], head: size };
  const a = await gql<Record<string, RecordedEvent | null>>(`{ ${positions.map((p) => `e${p}: event(position: ${p}) { ${EVENT_FIELDS} }`).join(' ')} }`, {}, ctx.token);
  return a.ok ? { ok: true, events: positions.flatMap((p) => (a.data[`e${p}`] ? [a.data[`e${p}`]!] : [])), head: size } : a;
}

export function EventsView({ ctx }: { ctx: Ctx }) {
  const [stream, setStream] = useState('');
  const [type, setType] = useState('');
  const [from, setFrom] = useState<number | undefined>();
  const [asked, setAsked] = useState({ stream: '', from: 0 });
  const [loaded, setLoaded] = useState<Loaded | undefined>();

  useEffect(() => {
    let live = true;
    setLoaded(undefined);
    void loadPage(ctx, asked.stream, asked.from).then((l) => live && setLoaded(l));
    return () => void (live = false);
  }, [asked, ctx.token]);

  const events = loaded?.ok ? loaded.events.filter((e) => !type || e.type === type.trim()) : [];
  const upTo = ctx.asOf.kind === 'position' ? ctx.asOf.position : undefined;
  const go = (f: number) => (setFrom(f), setAsked({ stream: stream.trim(), from: f }));
  const scanned = loaded?.ok ? loaded.events.length : 0;
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <form class="controls" onSubmit={(e) => (e.preventDefault(), go(from ?? 0))}>
        <label>
          Stream (empty: the whole log){' '}
          <input id="events-stream" value={stream} placeholder="agent-…" onInput={(e) => setStream((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          Type{' '}
          <input id="events-type" value={type} placeholder="delegation.revoked" onInput={(e) => setType((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          From {stream ? 'revision' : 'position'}{' '}
          <input id="events-from" type="number" min="0" value={from ?? 0} onInput={(e) => setFrom(Number((e.currentTarget as HTMLInputElement).value))} />
        </label>
        <button type="submit">Show</button>
        <button type="button" disabled={asked.from === 0} onClick={() => go(Math.max(0, asked.from - PAGE))}>
          Previous page
        </button>
        <button type="button" disabled={!loaded?.ok || scanned < PAGE} onClick={() => go(asked.from + PAGE)}>
          Next page
        </button>
      </form>
      {loaded === undefined && <p>Loading…</p>}
      {loaded && !loaded.ok && <Problems problems={loaded.problems} principal={ctx.principal} />}
      {loaded?.ok && (
        <>
          <p>
            {asked.stream ? `Stream ${asked.stream}, revisions ${asked.from}–${asked.from + scanned - 1}` : `Positions ${asked.from}–${asked.from + scanned - 1} of ${loaded.head}`}
            {type ? `, ${events.length} of type ${type}` : ''}
            {upTo !== undefined ? `; events after the "as of" position ${upTo} are marked` : ''}.
          </p>
          <EventList ctx={ctx} events={events} caption="Each inclusion proof checked in this browser" />
        </>
      )}
    </section>
  );
}
