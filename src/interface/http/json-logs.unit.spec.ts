import { genRequestId, serializeError } from './json-logs';
import type { IncomingMessage } from 'node:http';

describe('serializeError (the log lines of errors)', () => {
  const withStatus = (statusCode: number) => Object.assign(new Error('Unsupported Media Type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode });

  it("leaves the stack out for the client's errors (4xx)", () => {
    const line = serializeError(withStatus(415));
    expect(line).toEqual({ type: 'Error', message: 'Unsupported Media Type', code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
  });

  it('keeps it for ours (5xx, or no status)', () => {
    expect(serializeError(withStatus(500)).stack).toMatch(/json-logs\.unit\.spec/);
    expect(serializeError(new Error('boom')).stack).toMatch(/json-logs\.unit\.spec/);
  });
});

describe('genRequestId', () => {
  const request = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
  it("keeps the caller's plain-token id and replaces anything else with a UUID", () => {
    expect(genRequestId(request('trace-7.a:b_c-d'))).toBe('trace-7.a:b_c-d');
    for (const bad of [undefined, '', 'a b', 'x"\n{', 'z'.repeat(129)]) expect(genRequestId(request(bad))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
