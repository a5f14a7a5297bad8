import { StoreError } from '../event-store.port';
import { actualRevisionOf, isRetryableEsdbError, translateEsdbError } from './esdb-errors';

const clientError = (type: string, message = type) => Object.assign(new Error(message), { type });

describe('EventStoreDB error translation', () => {
  it.each([
    ['not-leader', 'store.unavailable', true],
    ['unavailable', 'store.unavailable', true],
    ['deadline-exceeded', 'store.unavailable', true],
    ['cancelled', 'store.unavailable', true],
    ['maximum-append-size-exceeded', 'store.too_large', undefined],
    ['wrong-expected-version', 'store.version_conflict', true],
    ['access-denied', 'store.unavailable', false],
    ['stream-deleted', 'store.unavailable', false],
  ])('maps the client error %s to %s (retryable: %s)', (type, code, retryable) => {
    const translated = translateEsdbError(clientError(type), 'append');
    expect(translated).toBeInstanceOf(StoreError);
    expect(translated.code).toBe(code);
    expect(translated.problem.details?.retryable).toBe(retryable);
    expect(translated.cause).toBeDefined();
  });

  it('passes its own errors through and treats discovery failures as retryable', () => {
    const own = translateEsdbError(clientError('unavailable'), 'x');
    expect(translateEsdbError(own, 'y')).toBe(own);
    expect(isRetryableEsdbError(new Error('Failed to discover after 10 attempts.'))).toBe(true);
    expect(isRetryableEsdbError(new Error('boom'))).toBe(false);
  });

  it('reads the actual revision of a wrong-expected-version error from either client library', () => {
    // @eventstore/db-client names it actualVersion, @kurrent/kurrentdb-client actualState.
    expect(actualRevisionOf(Object.assign(clientError('wrong-expected-version'), { actualVersion: 4n }))).toBe(4n);
    expect(actualRevisionOf(Object.assign(clientError('wrong-expected-version'), { actualState: 'no_stream' }))).toBe('no_stream');
    expect(actualRevisionOf(Object.assign(clientError('unavailable'), { actualVersion: 4n }))).toBeUndefined();
  });
});
