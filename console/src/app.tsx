// The console's frame: the ledger it is served by, sign-in, the "as of" control that
// every view obeys, and the views as tabs (keyboard: Tab to a tab, Enter to open).
import { useEffect, useState } from 'preact/hooks';
import { gql, type AsOf, type ProblemText } from './api/graphql';
import { trustText } from './api/trust';
import type { Ctx, Ledger, Principal } from './context';
import { AsOfControl } from './views/asof';
import { EventsView } from './views/events';
import { InventoriesView } from './views/inventories';
import { LineageView } from './views/lineage';
import { LiveView } from './views/live';
import { Limits, Problems } from './views/problems';
import { SignIn, type SignedIn } from './views/signin';

const VIEWS = ['lineage', 'inventories', 'live', 'events'] as const;
type View = (typeof VIEWS)[number];
const TITLES: Record<View, string> = { lineage: 'Lineage', inventories: 'Inventories', live: 'Live', events: 'Events' };

export function App() {
  const [ledger, setLedger] = useState<Ledger | undefined>();
  const [bootError, setBootError] = useState<readonly ProblemText[] | undefined>();
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>();
  const [principal, setPrincipal] = useState<Principal | undefined>();
  const [principalProblems, setPrincipalProblems] = useState<readonly ProblemText[] | undefined>();
  const [asOf, setAsOf] = useState<AsOf>({ kind: 'now' });
  const [view, setView] = useState<View>('lineage');

  useEffect(() => {
    void gql<{ checkpoint: { origin: string } }>('{ checkpoint { origin } }', {}, () => undefined).then((a) => {
      if (!a.ok) return setBootError(a.problems);
      const origin = a.data.checkpoint.origin;
      setLedger({ origin, ledgerId: origin.slice(origin.indexOf('/') + 1) });
    });
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    const id = signedIn.session.principalId;
    void gql<{ principal: Principal | null }>('query($id: ID!) { principal(id: $id) { id kind name roles status } }', { id }, signedIn.session.token).then((a) => {
      if (!a.ok) return (setPrincipal(undefined), setPrincipalProblems(a.problems));
      if (a.data.principal === null) return setPrincipalProblems([{ code: 'console.unknown_principal', message: `${id} is not a principal of this ledger` }]);
      setPrincipalProblems(undefined);
      setPrincipal(a.data.principal);
    });
  }, [signedIn]);

  if (bootError) return <main><h1>Writ console</h1><Problems problems={bootError} /></main>;
  if (!ledger) return <main><h1>Writ console</h1><p>Reaching the service…</p></main>;

  const ctx: Ctx | undefined = signedIn && { ledger, token: signedIn.session.token, trust: signedIn.trust, asOf, principal, principalId: signedIn.session.principalId };
  return (
    <div class="frame">
      <header>
        <h1>Writ console</h1>
        <span class="ledger">ledger {ledger.ledgerId}</span>
        <AsOfControl asOf={asOf} onChange={setAsOf} />
      </header>
      {!ctx ? (
        <main>
          <SignIn ledger={ledger} onSignedIn={setSignedIn} />
        </main>
      ) : (
        <>
          <section class="who" aria-label="Signed in">
            <p id="who">
              Signed in as <strong>{ctx.principalId}</strong>
              {principal && ` (${principal.kind}, ${principal.name}, ${principal.status}), roles: ${principal.roles.length > 0 ? principal.roles.join(', ') : 'none'}`} — with a{' '}
              {signedIn!.session.source}
              {signedIn!.session.expiresAt ? ` that expires at ${new Date(signedIn!.session.expiresAt).toISOString()}` : ', tokens renewed in this browser'}. Receipts are checked {trustText(ctx.trust)}.{' '}
              <button type="button" onClick={() => (setSignedIn(undefined), setPrincipal(undefined))}>
                Sign out
              </button>
            </p>
            {principalProblems && <Problems problems={principalProblems} />}
            <Limits principal={principal} />
          </section>
          <nav role="tablist" aria-label="Views">
            {VIEWS.map((v) => (
              <button key={v} role="tab" id={`tab-${v}`} aria-selected={view === v} onClick={() => setView(v)}>
                {TITLES[v]}
              </button>
            ))}
          </nav>
          <div role="tabpanel" class="panel" aria-labelledby={`tab-${view}`}>
            {view === 'lineage' && <LineageView ctx={ctx} />}
            {view === 'inventories' && <InventoriesView ctx={ctx} />}
            {view === 'live' && <LiveView ctx={ctx} />}
            {view === 'events' && <EventsView ctx={ctx} />}
          </div>
        </>
      )}
    </div>
  );
}
