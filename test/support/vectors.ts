import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The outside conformance vectors, from `../shared/vectors` beside the checkout. */
export const sharedVectorsDir = resolve(__dirname, '../../../shared/vectors');

export const sharedVectorPath = (...parts: string[]): string => resolve(sharedVectorsDir, ...parts);

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedVectorPath(...parts), 'utf8')) as T;
}
