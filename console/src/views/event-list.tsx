// Events with their receipts checked in this browser; shared by the node panel of the
// lineage view and the Events view.
import { useEffect, useState } from 'preact/hooks';
import { verdictText, verifyEvents, type RecordedEvent, type Verdict } from '../api/verify';
import type { Ctx } from '../context';

export function EventList({ ctx, events, caption }: { ctx: Ctx; events: readonly RecordedEvent[]; caption: string }) {
  const [verdicts, setVerdicts] = useState<Verdict[] | undefined>();
  useEffect(() => {
    setVerdicts(undefined);
    let live = true;
    void verifyEvents(events, ctx.trust, ctx.token).then((v) => live && setVerdicts(v));
    return () => void (live = false);
  }, [events, ctx.trust]);
  if (events.length === 0) return <p>No events.</p>;
  return (
    <table class="events">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Position</th>
          <th scope="col">Stream</th>
          <th scope="col">Rev.</th>
          <th scope="col">Type</th>
          <th scope="col">Actor</th>
          <th scope="col">Receipt</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => {
          const v = verdicts?.[i];
          return (
            <tr key={e.position} data-position={e.position} data-verified={v === undefined ? 'pending' : String(v.verified)}>
              <td>{e.position}</td>
              <td>{e.stream}</td>
              <td>{e.revision}</td>
              <td>{e.type}</td>
              <td>{actorOf(e)}</td>
              <td class={v === undefined ? '' : v.verified ? 'ok' : 'bad'}>{verdictText(v)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function actorOf(e: RecordedEvent): string {
  try {
    return (JSON.parse(e.envelope) as { statement?: { actor?: string } }).statement?.actor ?? '';
  } catch {
    return '';
  }
}
