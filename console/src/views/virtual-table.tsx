// A sortable, filterable table that renders only the rows in view (fixed row height),
// so 10,000 rows scroll as smoothly as 10. Sort: the column buttons (Enter toggles).
import { useMemo, useState } from 'preact/hooks';

const ROW = 28;
const VIEW = 480;
const SLACK = 8;

export interface Shown {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function useShown(columns: readonly string[], rows: readonly (readonly string[])[], filter: string, sort: { col: number; dir: 1 | -1 } | undefined): Shown {
  return useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept = needle ? rows.filter((r) => r.some((c) => c.toLowerCase().includes(needle))) : [...rows];
    if (sort) kept.sort((a, b) => sort.dir * (a[sort.col] ?? '').localeCompare(b[sort.col] ?? '', undefined, { numeric: true }));
    return { columns, rows: kept };
  }, [columns, rows, filter, sort]);
}

export function VirtualTable({ shown, sort, onSort, label }: { shown: Shown; sort: { col: number; dir: 1 | -1 } | undefined; onSort: (col: number) => void; label: string }) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW) - SLACK);
  const last = Math.min(shown.rows.length, Math.ceil((top + VIEW) / ROW) + SLACK);
  const before = first * ROW;
  const after = (shown.rows.length - last) * ROW;
  return (
    <div class="vtable" style={{ maxHeight: `${VIEW}px` }} onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)} tabIndex={0} aria-label={`${label}: ${shown.rows.length} rows`}>
      <table aria-rowcount={shown.rows.length + 1}>
        <thead>
          <tr>
            {shown.columns.map((c, i) => (
              <th key={c} scope="col" aria-sort={sort?.col === i ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                <button type="button" onClick={() => onSort(i)}>
                  {c}
                  {sort?.col === i ? (sort.dir === 1 ? ' ▲ (ascending)' : ' ▼ (descending)') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr style={{ height: `${before}px` }} aria-hidden="true" />}
          {shown.rows.slice(first, last).map((r, i) => (
            <tr key={first + i} aria-rowindex={first + i + 2} style={{ height: `${ROW}px` }}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
          {after > 0 && <tr style={{ height: `${after}px` }} aria-hidden="true" />}
        </tbody>
      </table>
    </div>
  );
}
