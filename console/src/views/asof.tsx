// The one "as of" control, always in the header: now, a global position, or a time.
// Every view passes it to its queries' asOf.
import { useState } from 'preact/hooks';
import { describeAsOf, type AsOf } from '../api/graphql';

export function AsOfControl({ asOf, onChange }: { asOf: AsOf; onChange: (a: AsOf) => void }) {
  const [kind, setKind] = useState<AsOf['kind']>(asOf.kind);
  const [value, setValue] = useState(asOf.kind === 'position' ? String(asOf.position) : asOf.kind === 'time' ? asOf.time : '');
  const [error, setError] = useState('');
  const apply = (e: Event) => {
    e.preventDefault();
    if (kind === 'now') return (setError(''), onChange({ kind: 'now' }));
    if (kind === 'position') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 0) return setError('a position is a whole number from 0');
      return (setError(''), onChange({ kind: 'position', position: n }));
    }
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return setError('a time is RFC 3339, e.g. 2025-01-31T12:00:00Z');
    setError('');
    onChange({ kind: 'time', time: new Date(ms).toISOString() });
  };
  return (
    <form class="asof" onSubmit={apply} aria-label="As of">
      <label>
        As of{' '}
        <select id="asof-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as AsOf['kind'])}>
          <option value="now">now</option>
          <option value="position">position</option>
          <option value="time">time</option>
        </select>
      </label>
      {kind !== 'now' && (
        <input id="asof-value" aria-label={kind === 'position' ? 'Position' : 'Time (RFC 3339)'} value={value} placeholder={kind === 'position' ? '42' : '2025-01-31T12:00:00Z'} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
      )}
      <button type="submit">Apply</button>
      <span id="asof-current" aria-live="polite">
        Showing: {describeAsOf(asOf)}
      </span>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}
