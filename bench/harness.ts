// The benchmark harness. Machines here are noisy, so every figure is printed beside a
// ceiling measured in the same run (a bare primitive: SHA-256, Node's Ed25519 verify)
// and judged as a ratio to it, never as an absolute number.

export interface Rate {
  readonly name: string;
  readonly opsPerSecond: number;
}

export interface Row extends Rate {
  /** When set, the ratio measured round by round against the ceiling (see measurePaired). */
  readonly pairedRatio?: number;
  /** The ceiling this figure is compared with, measured in the same run. */
  readonly ceiling?: Rate;
  /** How many ceiling operations one measured operation needs (e.g. 2 hashes per append). */
  readonly ceilingOpsPerOp?: number;
  /** The ratio this figure should reach, from the issue. */
  readonly target?: number;
  readonly note?: string;
}

/** Runs `op` in rounds until `ms` have passed (after a warm-up) and returns ops/s. */
export function measure(name: string, op: () => unknown, ms = 1500, batch = 100): Rate {
  const deadline = (until: number) => performance.now() < until;
  for (let warm = performance.now() + ms / 5; deadline(warm); ) for (let i = 0; i < batch; i++) op();
  let count = 0;
  const start = performance.now();
  while (deadline(start + ms)) {
    for (let i = 0; i < batch; i++) op();
    count += batch;
  }
  return { name, opsPerSecond: count / ((performance.now() - start) / 1000) };
}

/**
 * Measures a figure and its ceiling in alternating short rounds and keeps the median
 * of the per-round ratios: load from other processes then hits both sides of each
 * ratio alike, instead of whichever happened to run during a burst.
 */
export function measurePaired(
  name: string,
  op: () => unknown,
  ceilingName: string,
  ceilingOp: () => unknown,
  options: { rounds?: number; ms?: number; batch?: number; ceilingOpsPerOp?: number } = {},
): Row {
  const { rounds = 7, ms = 400, batch = 100, ceilingOpsPerOp = 1 } = options;
  const figures: number[] = [];
  const ceilings: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ceilings.push(measure(ceilingName, ceilingOp, ms, batch).opsPerSecond);
    figures.push(measure(name, op, ms, batch).opsPerSecond);
  }
  const ratios = figures.map((f, i) => f / (ceilings[i]! / ceilingOpsPerOp));
  return {
    name,
    opsPerSecond: median(figures),
    ceiling: { name: ceilingName, opsPerSecond: median(ceilings) },
    ceilingOpsPerOp,
    pairedRatio: median(ratios),
    note: `median of ${rounds} alternating rounds`,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Ratio of a figure to its ceiling, with the ceiling scaled to the work one op needs. */
export function ratio(row: Row): number | undefined {
  if (row.pairedRatio !== undefined) return row.pairedRatio;
  if (!row.ceiling) return undefined;
  return row.opsPerSecond / (row.ceiling.opsPerSecond / (row.ceilingOpsPerOp ?? 1));
}

export function formatRows(title: string, rows: readonly Row[]): string {
  const lines = [`\n## ${title}`, ''];
  lines.push('| figure | ops/s | ceiling (same run) | ratio | target |', '| --- | ---: | --- | ---: | ---: |');
  for (const row of rows) {
    const r = ratio(row);
    const ceiling = row.ceiling
      ? `${row.ceiling.name} ${fmt(row.ceiling.opsPerSecond)}/s${row.ceilingOpsPerOp ? ` ÷ ${row.ceilingOpsPerOp}` : ''}`
      : '';
    const verdict = r !== undefined && row.target !== undefined ? (r >= row.target ? ' ✓' : ' ✗') : '';
    lines.push(
      `| ${row.name}${row.note ? ` (${row.note})` : ''} | ${fmt(row.opsPerSecond)} | ${ceiling} | ${r === undefined ? '' : r.toFixed(2) + 'x'} | ${row.target === undefined ? '' : row.target + 'x' + verdict} |`,
    );
  }
  return lines.join('\n');
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Latency percentiles in milliseconds from a list of samples. */
export function percentiles(samplesMs: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}
