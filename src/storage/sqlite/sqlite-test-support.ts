// Temporary data directories for the SQLite specs, removed with every handle closed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { streamRevision } from '../../integrity/brands';
import type { AppendRequest } from '../event-store.port';

export interface TempStoreFile {
  readonly path: string;
  remove(): void;
}

export function tempStoreFile(): TempStoreFile {
  const dir = mkdtempSync(join(tmpdir(), 'writ-sqlite-'));
  return { path: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A one-event request whose identity is its nonce. */
export function oneEvent(stream: string, expected: number | 'no_stream', nonce: string): AppendRequest {
  return {
    stream,
    expectedRevision: expected === 'no_stream' ? expected : streamRevision(expected),
    events: [
      {
        type: 'test.happened',
        actor: 'actor-1',
        nonce,
        hash: createHash('sha256').update(nonce).digest('hex'),
        data: JSON.stringify({ nonce }),
      },
    ],
  };
}
