// One verification run over a store or an export, streamed page by page.
import { nativeEd25519, signatureEngineName } from '../integrity/ed25519/sodium-native';
import { LogVerifier, type LogLine, type VerifyReport } from './log-verifier';
import type { TrustedKey } from './trusted-key';
import { finding } from './findings';
import { signatureChecker } from './signature-check';
import { openExport, StoreReader } from './sources';

export interface VerifyRunOptions {
  readonly store?: string;
  readonly exportFile?: string;
  readonly key?: TrustedKey;
  readonly trustedCheckpoint?: string;
  readonly all?: boolean;
  /** Signature threads: 1 checks inline; more use worker threads. */
  readonly workers?: number;
  /** Called now and then with the number of events checked (and the total when known). */
  readonly progress?: (done: number, total: number | undefined) => void;
}

export interface VerifyRunReport extends VerifyReport {
  readonly source: { readonly kind: 'store' | 'export'; readonly path: string };
  /** What checked the actor signatures (the verdicts are the same either way). */
  readonly signatureEngine: string;
}

const PROGRESS_EVERY = 10_000;

export async function runVerify(options: VerifyRunOptions): Promise<VerifyRunReport> {
  if (options.exportFile !== undefined) return verifyExport(options.exportFile, options);
  const path = options.store ?? 'data';
  const reader = new StoreReader(path);
  try {
    const verifier = makeVerifier(options);
    await feed(verifier, reader.pages(), reader.size(), options);
    return { ...(await verifier.finish()), source: { kind: 'store', path }, signatureEngine: engine() };
  } finally {
    reader.close();
  }
}

async function verifyExport(path: string, options: VerifyRunOptions): Promise<VerifyRunReport> {
  const reader = await openExport(path);
  const { header } = reader;
  const verifier = makeVerifier(options, header.from === 0 && header.checkpoint ? [header.checkpoint] : []);
  if (header.from !== 0) throw new Error(`${path} starts at position ${header.from}: only an export from 0 can be verified on its own`);
  await feed(verifier, reader.pages(), header.to - header.from, options);
  const report = await verifier.finish();
  const end = reader.end();
  const extra =
    !report.ok || !verifier.running
      ? undefined
      : end === undefined
        ? finding(report.size, 'verify.log_truncated', 'the export has no end line: it was cut short')
        : end.end.count !== report.size || end.end.rootHash !== report.rootHash
          ? finding(Math.min(report.size, end.end.count), 'verify.input_malformed', 'the end line names another count or root than the events before it')
          : undefined;
  const findings = extra ? [...report.findings, extra] : report.findings;
  return { ...report, ok: findings.length === 0, findings, source: { kind: 'export', path }, signatureEngine: engine() };
}

const engine = (): string => signatureEngineName(nativeEd25519());

function makeVerifier(options: VerifyRunOptions, carried: string[] = []): LogVerifier {
  return new LogVerifier({
    ...(options.key ? { key: options.key } : {}),
    ...(options.trustedCheckpoint !== undefined ? { trustedCheckpoint: options.trustedCheckpoint } : {}),
    carriedCheckpoints: carried,
    all: options.all ?? false,
    signatures: signatureChecker(options.workers ?? 1),
  });
}

export async function feed(
  verifier: LogVerifier,
  pages: Iterable<LogLine[]> | AsyncIterable<LogLine[]>,
  total: number | undefined,
  options: Pick<VerifyRunOptions, 'progress'>,
  onPage?: (page: LogLine[]) => void,
): Promise<void> {
  let nextReport = PROGRESS_EVERY;
  for await (const page of pages) {
    for (const line of page) {
      const wait = verifier.push(line);
      if (wait) await wait;
      if (!verifier.running) break;
    }
    onPage?.(page);
    if (!verifier.running) break;
    if (options.progress && verifier.position >= nextReport) {
      options.progress(verifier.position, total);
      nextReport = verifier.position + PROGRESS_EVERY;
    }
  }
}
