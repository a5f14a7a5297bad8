// Lines read from bytes, chunk by chunk, are the lines of the whole file decoded at once:
// whatever the chunk size, across multi-byte characters, CRLF endings, empty lines and a
// last line without its '\n'.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineBatches } from './line-reader';

const dir = mkdtempSync(join(tmpdir(), 'writ-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference: the whole file as one string, split at '\n', a '\r' before it dropped. */
function reference(text: string): string[] {
  const parts = text.split('\n');
  const last = parts.pop()!;
  return [...parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), ...(last === '' ? [] : [last])];
}

async function read(path: string, chunkBytes: number, maxLines?: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of lineBatches(path, chunkBytes, maxLines)) {
    expect(batch.length).toBeGreaterThan(0);
    if (maxLines !== undefined) expect(batch.length).toBeLessThanOrEqual(maxLines);
    lines.push(...batch);
  }
  return lines;
}

const piece = fc.constantFrom('a', '{"k":1}', 'é', '☃', '𝄞', '\n', '\r\n', '\r', ' ', '');

test('the same lines as splitting the whole decoded file, for any chunk size', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 5 }), async (pieces, chunkBytes, maxLines) => {
      const text = pieces.join('');
      const path = join(dir, `f${n++}`);
      writeFileSync(path, text, 'utf8');
      expect(await read(path, chunkBytes, maxLines)).toEqual(reference(text));
      expect(await read(path, chunkBytes)).toEqual(reference(text));
    }),
    { numRuns: 200 },
  );
});

test('a line longer than many chunks', async () => {
  const long = `${'x'.repeat(5000)}é${'y'.repeat(3000)}`;
  const path = join(dir, 'long');
  writeFileSync(path, `${long}\r\nshort\n${long}`, 'utf8');
  expect(await read(path, 64)).toEqual([long, 'short', long]);
});
