// A one-line progress display on stderr, only when stderr is a terminal: a pipe or a
// log file gets nothing, so scripts see only the result on stdout.
export type Progress = (done: number, total: number | undefined) => void;

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): { update: Progress; done: () => void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let shown = false;
  return {
    update(done, total) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = Math.round(done / seconds);
      const share = total ? ` ${Math.min(100, Math.floor((done / total) * 100))}% ${bar(done / total)}` : '';
      stream.write(`\r${label}${share} ${done}${total ? `/${total}` : ''} events, ${rate}/s\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

function bar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
