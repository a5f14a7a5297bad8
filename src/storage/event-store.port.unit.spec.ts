import { streamRevision } from '../integrity/brands';
import { expectNoConflict, StoreError, VersionConflictError, type AppendResult } from './event-store.port';

const conflict: AppendResult = { status: 'conflict', stream: 's-1', expected: streamRevision(1), actual: streamRevision(4) };

it('turns a conflict into the one VersionConflictError, with the heads in its details', () => {
  let thrown: unknown;
  try {
    expectNoConflict(conflict);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(VersionConflictError);
  expect(thrown).toBeInstanceOf(StoreError);
  expect((thrown as VersionConflictError).problem).toMatchObject({
    code: 'store.version_conflict',
    path: '',
    details: { stream: 's-1', expected: 1, actual: 4 },
  });
  expect((thrown as VersionConflictError).conflict).toBe(conflict);
});

it('passes appended and duplicate results through untouched', () => {
  const appended: AppendResult = { status: 'appended', events: [] };
  const duplicate: AppendResult = { status: 'duplicate', events: [] };
  expect(expectNoConflict(appended)).toBe(appended);
  expect(expectNoConflict(duplicate)).toBe(duplicate);
});
