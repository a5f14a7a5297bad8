// Rebuilding the read models by replay: a fresh database filled from the event store
// from position 0, then moved over the old one, so a failed rebuild leaves the old file.
// The fresh file claims a position only once it is whole (finishBulk), so a crash
// mid-rebuild leaves the old file and a stray `.rebuild` that nothing opens.
import { renameSync, rmSync } from 'node:fs';
import type { EventStore } from '../../storage/event-store.port';
import { storeSource } from './log-sources';
import { ProjectionStore } from './projection-store';
import { ReadModels, type LogSource } from './read-models';

export interface RebuildReport {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly position: number;
}

const SIDE_FILES = ['', '-wal', '-shm'];

/** Deletes a read-model file with its WAL and shared-memory files. */
export function removeReadModelFiles(path: string): void {
  for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
}

export async function rebuildReadModels(
  store: Pick<EventStore, 'readAll' | 'size'>,
  target: string,
  progress?: (done: number, total: number) => void,
  pageSize = 20_000,
): Promise<RebuildReport> {
  return rebuildFrom(storeSource(store), await store.size(), target, progress, pageSize);
}

/** The same bulk rebuild from any log source (the service uses the running ledger's). */
export async function rebuildFrom(
  source: LogSource,
  total: number,
  target: string,
  progress?: (done: number, total: number) => void,
  pageSize = 20_000,
  cacheMb?: number,
): Promise<RebuildReport> {
  const temp = `${target}.rebuild`;
  for (const suffix of SIDE_FILES) rmSync(`${temp}${suffix}`, { force: true });
  const started = performance.now();
  const models = new ReadModels(new ProjectionStore(temp, cacheMb === undefined ? { bulk: true } : { bulk: true, cacheMb }));
  try {
    await models.catchUp(source, pageSize, (position) => progress?.(position + 1, total));
    // ReadModels records a projection failure instead of throwing (the service keeps
    // answering what it applied); a rebuild must not move a file that stopped short.
    if (models.broken) throw models.broken;
    models.store.finishBulk();
  } catch (error) {
    models.close();
    for (const suffix of SIDE_FILES) rmSync(`${temp}${suffix}`, { force: true });
    throw error;
  }
  const position = models.position;
  models.close();
  removeReadModelFiles(target);
  renameSync(temp, target);
  for (const suffix of SIDE_FILES.slice(1)) rmSync(`${temp}${suffix}`, { force: true });
  const seconds = (performance.now() - started) / 1000;
  return { events: position + 1, seconds, eventsPerSecond: (position + 1) / Math.max(seconds, 1e-9), position };
}
