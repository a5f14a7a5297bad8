// Writing an NDJSON export of a store (docs/export-format.md), streamed page by page.
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { bytesToHex, hexToBytes, toBase64Url } from '../integrity/bytes';
import { formatVerifierKey } from '../integrity/checkpoint';
import { parseKeyFile } from '../sdk/key-file';
import { EXPORT_VERSION, formatEventLine, type ExportEnd, type ExportHeader } from './export-format';
import { RootWindow } from './root-window';
import { InputError, StoreReader, storePath } from './sources';
import { originOf } from './trusted-checkpoint';

export interface ExportOptions {
  readonly store: string;
  readonly out: string;
  readonly from?: number;
  readonly to?: number;
  readonly progress?: (done: number, total: number) => void;
}

export interface ExportSummary {
  readonly out: string;
  readonly ledgerId: string;
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly rootHash: string | null;
  readonly checkpoint: string | null;
}

export async function exportLog(options: ExportOptions): Promise<ExportSummary> {
  const reader = new StoreReader(options.store);
  try {
    const size = reader.size();
    const from = options.from ?? 0;
    const to = Math.min(options.to ?? size, size);
    if (from < 0 || from > to) throw new InputError(`--from ${from} must lie between 0 and ${to}`);
    const header = headerOf(reader, options.store, from, to);
    if (existsSync(options.out)) throw new InputError(`${options.out} already exists; refusing to overwrite it`);
    const out = createWriteStream(options.out, { flags: 'wx' });
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write(`${JSON.stringify(header)}\n`);
    const roots = new RootWindow();
    let count = 0;
    for (const page of reader.pages(from, to)) {
      let chunk = '';
      for (const row of page) {
        if (row.position !== from + count) throw new InputError(`the store has no event at position ${from + count}`);
        chunk += `${formatEventLine(row.position, row.text)}\n`;
        if (from === 0) roots.append(hexToBytes(row.hash));
        count++;
      }
      await write(chunk);
      options.progress?.(count, to - from);
    }
    const end: ExportEnd = { end: { count, rootHash: from === 0 ? bytesToHex(roots.root()) : null } };
    await write(`${JSON.stringify(end)}\n`);
    out.end();
    await once(out, 'finish');
    return { out: options.out, ledgerId: header.ledgerId, from, to, count, rootHash: end.end.rootHash, checkpoint: header.checkpoint };
  } finally {
    reader.close();
  }
}

function headerOf(reader: StoreReader, store: string, from: number, to: number): ExportHeader {
  const genesis = reader.first();
  if (genesis === undefined) throw new InputError(`${store} holds no ledger`);
  const g = JSON.parse(genesis) as { statement: { ledgerId: string; body: { publicKey?: string } } };
  const cp = reader.latestCheckpoint(to);
  const body = cp === undefined ? undefined : (JSON.parse(cp.text) as { statement: { body: { note: string; treeSize: number } } }).statement.body;
  const checkpoint = body !== undefined && body.treeSize <= to ? body.note : null;
  const origin = checkpoint === null ? null : (originOf(checkpoint) ?? null);
  return {
    'writ-export': EXPORT_VERSION,
    ledgerId: g.statement.ledgerId,
    origin,
    verifierKey: origin === null ? null : verifierKeyOf(store, origin, g.statement.body.publicKey),
    from,
    to,
    checkpoint,
  };
}

/** The data directory's current ledger key when present, else the key at genesis. */
function verifierKeyOf(store: string, origin: string, genesisKey: string | undefined): string | null {
  const keyFile = join(storePath(store), '..', 'keys', 'ledger.key.json');
  let publicKey: string | undefined = genesisKey;
  if (existsSync(keyFile)) {
    const parsed = parseKeyFile(readFileSync(keyFile, 'utf8'));
    if (parsed.ok) publicKey = toBase64Url(parsed.value.publicKey);
  }
  if (publicKey === undefined) return null;
  const bytes = Buffer.from(publicKey, 'base64url');
  const key = formatVerifierKey(origin, new Uint8Array(bytes));
  return key.ok ? key.value : null;
}
