// `writ replay --to <position|time>`: the ledger's state at that point.
import type { Command } from 'commander';
import { parseReplayPoint, replayTo, summarize } from '../../verify/replay-state';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { inputOf } from './verify.command';

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description('the state at a point of the history: principals, agents, delegations and their statuses')
    .requiredOption('--to <point>', 'a position (state right after that event) or an RFC 3339 time (events recorded at or before it)')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option('--json', 'print the whole state as JSON (default: a summary)')
    .action((opts: { to: string; store?: string; json?: boolean }) => {
      const point = parseReplayPoint(opts.to);
      if (point === undefined) throw new CliError(`--to takes a position or an RFC 3339 time, not ${opts.to}`);
      const summary = summarize(inputOf(() => replayTo(opts.store ?? 'data', point)));
      print(opts.json, summary, () => {
        const counts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
        return [
          `ledger ${summary.ledgerId ?? '(none)'} after ${summary.events} events (position ${summary.position}, recorded ${summary.at ?? '-'})`,
          `  principals   ${counts(summary.counts.principals)}`,
          `  agents       ${counts(summary.counts.agents)}`,
          `  delegations  ${counts(summary.counts.delegations)}`,
          `  credentials  ${counts(summary.counts.credentials)}`,
          `  entitlements ${counts(summary.counts.entitlements)}`,
          `  approvals    ${counts(summary.counts.approvals)}`,
        ].join('\n');
      });
    });
}
