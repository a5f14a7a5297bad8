import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { portableSha256, sha256, sha256Utf8, useSha256 } from './sha256';
import { installNodeSha256, nodeSha256 } from './sha256-node';

afterEach(() => useSha256(portableSha256));

test('the portable and the Node implementation agree with each other and with createHash', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      const expected = new Uint8Array(createHash('sha256').update(data).digest());
      expect(portableSha256(data)).toEqual(expected);
      expect(nodeSha256(data)).toEqual(expected);
    }),
  );
});

test('useSha256 switches what the core uses', () => {
  const calls: number[] = [];
  useSha256((d) => {
    calls.push(d.length);
    return nodeSha256(d);
  });
  sha256(new Uint8Array(3));
  expect(calls).toEqual([3]);
});

test('text hashes as its UTF-8 bytes, portable or Node, lone surrogates as U+FFFD in both', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  fc.assert(
    fc.property(text, (t) => {
      const expected = new Uint8Array(createHash('sha256').update(new TextEncoder().encode(t)).digest());
      useSha256(portableSha256);
      expect(sha256Utf8(t)).toEqual(expected);
      installNodeSha256();
      expect(new Uint8Array(sha256Utf8(t))).toEqual(expected);
    }),
  );
  expect(() => sha256Utf8('\ud800')).not.toThrow();
});
