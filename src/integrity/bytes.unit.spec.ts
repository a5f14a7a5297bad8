import fc from 'fast-check';
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from './bytes';

test('base64 and base64url round-trip and match Buffer', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }),
  );
});

test.each(['Zg', 'Zg=', 'Zh==', 'Zm9v YmFy', '@@@@', 'Z==='])('strict base64 refuses %p', (t) => {
  expect(fromBase64(t)).toBeUndefined();
});

test.each(['Zg==', 'Zh', 'Zm9v+', 'Z'])('strict base64url refuses %p', (t) => {
  expect(fromBase64Url(t)).toBeUndefined();
});

test('bytesToUtf8 keeps a leading BOM and refuses invalid UTF-8', () => {
  const { bytesToUtf8 } = jest.requireActual('./bytes') as typeof import('./bytes');
  expect(bytesToUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  expect(() => bytesToUtf8(new Uint8Array([0xff]))).toThrow();
});
