// Inventories: every page of the chosen inventory at the "as of" point, as a sortable,
// filterable table; the CSV holds exactly the rows shown (filtered and sorted), all of them.
import { useEffect, useState } from 'preact/hooks';
import { asOfVariable, gql, type ProblemText } from '../api/graphql';
import { readsEverything, type Ctx } from '../context';
import { download, toCsv } from './csv';
import { INVENTORIES, type InventoryName } from './inventory-defs';
import { Problems } from './problems';
import { useShown, VirtualTable } from './virtual-table';

interface Page {
  edges: { node: unknown }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export async function loadInventory(ctx: Ctx, name: InventoryName, param: number | undefined): Promise<{ ok: true; rows: string[][] } | { ok: false; problems: readonly ProblemText[] }> {
  const def = INVENTORIES[name];
  const p = 'param' in def ? def.param : undefined;
  // The page size is written into the query: the cost rule prices a variable one at the maximum.
  const args = ['asOf: $asOf', `first: ${def.page}`, 'after: $after', 'owner: $owner', ...(p ? [`${p.name}: $param`] : [])];
  const query = `query($asOf: AsOf, $after: String, $owner: ID${p ? ', $param: Float!' : ''}) { inv: ${name}(${args.join(', ')}) { edges { node { ${def.selection} } } pageInfo { hasNextPage endCursor } } }`;
  const owner = readsEverything(ctx.principal) ? null : ctx.principalId;
  const rows: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const a: Awaited<ReturnType<typeof gql<{ inv: Page }>>> = await gql<{ inv: Page }>(query, { asOf: asOfVariable(ctx.asOf), after, owner, ...(p ? { param: param ?? p.value } : {}) }, ctx.token);
    if (!a.ok) return a;
    for (const e of a.data.inv.edges) rows.push((def.row as (n: unknown) => string[])(e.node));
    if (!a.data.inv.pageInfo.hasNextPage || a.data.inv.pageInfo.endCursor === null) return { ok: true, rows };
    after = a.data.inv.pageInfo.endCursor;
  }
}

export function InventoriesView({ ctx }: { ctx: Ctx }) {
  const [name, setName] = useState<InventoryName>('orphaned');
  const def = INVENTORIES[name];
  const p = 'param' in def ? def.param : undefined;
  const [param, setParam] = useState<number | undefined>(undefined);
  const [rows, setRows] = useState<string[][] | undefined>();
  const [problems, setProblems] = useState<readonly ProblemText[] | undefined>();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ col: number; dir: 1 | -1 } | undefined>();

  useEffect(() => {
    let live = true;
    setRows(undefined);
    void loadInventory(ctx, name, param).then((r) => {
      if (!live) return;
      if (!r.ok) return setProblems(r.problems);
      setProblems(undefined);
      setRows(r.rows);
    });
    return () => void (live = false);
  }, [name, param, ctx.asOf, ctx.token, ctx.principal]);

  const shown = useShown(def.columns, rows ?? [], filter, sort);
  const onSort = (col: number) => setSort((s) => (s?.col === col ? { col, dir: s.dir === 1 ? -1 : 1 } : { col, dir: 1 }));

  return (
    <section aria-labelledby="inv-title">
      <h2 id="inv-title">Inventories</h2>
      <div class="controls">
        <label>
          Inventory{' '}
          <select id="inventory" value={name} onChange={(e) => (setName((e.currentTarget as HTMLSelectElement).value as InventoryName), setParam(undefined), setSort(undefined))}>
            {Object.entries(INVENTORIES).map(([k, d]) => (
              <option key={k} value={k}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        {p && (
          <label>
            {p.name}{' '}
            <input id="inventory-param" type="number" min="0" value={param ?? p.value} onChange={(e) => setParam(Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
        )}
        <label>
          Filter{' '}
          <input id="inventory-filter" value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" id="inventory-csv" disabled={rows === undefined} onClick={() => download(`${name}.csv`, toCsv(shown.columns, shown.rows))}>
          Download CSV ({shown.rows.length} rows)
        </button>
      </div>
      {!readsEverything(ctx.principal) && <p class="explain">Only what lies under {ctx.principalId} (owner = you): ledger-wide inventories are for admins and auditors.</p>}
      {problems && <Problems problems={problems} principal={ctx.principal} />}
      {rows === undefined && !problems && <p>Loading every page…</p>}
      {rows !== undefined && (
        <>
          <p id="inventory-count" aria-live="polite">
            {shown.rows.length} of {rows.length} rows shown
          </p>
          <VirtualTable shown={shown} sort={sort} onSort={onSort} label={def.title} />
        </>
      )}
    </section>
  );
}
