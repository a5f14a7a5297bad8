// Live: the decision feed over graphql-ws, newest first. After a drop it reconnects with
// `after` = the last position received (and a fresh token), so nothing is missed and
// nothing repeats.
import { createClient, type Client } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import type { Ctx } from '../context';

const FEED = 'subscription($after: Int) { decisionFeed(after: $after) { leafIndex requestId agentId outcome reason action resource recordedAt } }';
/** On open, the decisions among the last this many events, then live. */
const BACKLOG = 500;
const KEEP = 2000;

interface Decision {
  leafIndex: number;
  requestId: string;
  agentId: string;
  outcome: string;
  reason: string | null;
  action: string;
  resource: string;
  recordedAt: string;
}

export function LiveView({ ctx }: { ctx: Ctx }) {
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [state, setState] = useState('connecting…');

  useEffect(() => {
    let stopped = false;
    let client: Client | undefined;
    let last: number | undefined;
    const run = async () => {
      if (last === undefined) {
        const head = await gql<{ checkpoint: { treeSize: number } }>('{ checkpoint { treeSize } }', {}, ctx.token);
        last = head.ok ? Math.max(-1, head.data.checkpoint.treeSize - 1 - BACKLOG) : -1;
      }
      while (!stopped) {
        const from = last;
        setState(`connecting, after position ${from}…`);
        client = createClient({
          url: new URL('/graphql', location.origin).toString().replace(/^http/, 'ws'),
          connectionParams: () => ({ authorization: `Bearer ${ctx.token() ?? ''}` }),
          retryAttempts: 0,
          lazy: false,
          // Said only once the service acknowledged the connection, not when it is asked for.
          on: { connected: () => !stopped && setState(`connected, after position ${from}`) },
        });
        const reason = await new Promise<string>((resolve) => {
          client!.subscribe<{ decisionFeed: Decision }>(
            { query: FEED, variables: { after: last } },
            {
              next: (r) => {
                if (r.errors) return resolve(r.errors.map((e) => e.message).join('; '));
                const d = r.data?.decisionFeed;
                if (!d || (last !== undefined && d.leafIndex <= last)) return;
                last = d.leafIndex;
                setDecisions((list) => [d, ...list].slice(0, KEEP));
              },
              error: (e) => resolve(e instanceof Error ? e.message : (e as CloseEvent)?.reason || 'the connection closed'),
              complete: () => resolve('the feed ended'),
            },
          );
        });
        await client.dispose();
        if (stopped) return;
        setState(`disconnected (${reason}); reconnecting, resuming after position ${last}…`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    void run();
    return () => {
      stopped = true;
      void client?.dispose();
    };
  }, [ctx.token]);

  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live decisions</h2>
      <p id="live-state" aria-live="polite">
        Feed: {state}
      </p>
      <table class="events">
        <caption>Newest first ({decisions.length})</caption>
        <thead>
          <tr>
            <th scope="col">Position</th>
            <th scope="col">Recorded</th>
            <th scope="col">Agent</th>
            <th scope="col">Outcome</th>
            <th scope="col">Action</th>
            <th scope="col">Request</th>
          </tr>
        </thead>
        <tbody id="live-rows">
          {decisions.map((d) => (
            <tr key={d.leafIndex} data-position={d.leafIndex}>
              <td>{d.leafIndex}</td>
              <td>{d.recordedAt}</td>
              <td>{d.agentId}</td>
              <td class={`outcome-${d.outcome}`}>
                {d.outcome.replace('_', ' ')}
                {d.reason ? ` (${d.reason})` : ''}
              </td>
              <td>
                {d.action} {d.resource}
              </td>
              <td>{d.requestId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
