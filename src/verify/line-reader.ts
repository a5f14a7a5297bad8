// The lines of a file, a chunk's worth at a time, read on demand: a Readable's async
// iterator reads the next chunk only when asked, so a slow consumer never makes the file
// pile up in memory, and lines are split synchronously (no await per line).
//
// Chunks are read as bytes and each line is decoded on its own. Decoding whole chunks
// and joining the partial line to the next made a string of about a chunk (1 MiB) per
// chunk, which V8 puts in its large-object space, and pages of about 700 lines whose
// strings outlived a young-generation collection: both ended as old-generation garbage
// (a quarter of the full collections on the bench export). Lines are now decoded and
// handed on at most a few hundred at a time, and die young. Splitting bytes at '\n' is
// safe in UTF-8, whose multi-byte sequences never hold the byte 0x0A.
import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

/** Lines without their '\n' (and a '\r' before it), in batches of at most `maxLines`. */
export async function* lineBatches(path: string, chunkBytes = 1 << 20, maxLines = 256): AsyncGenerator<string[]> {
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    let start = 0;
    let lines: string[] = [];
    if (rest !== undefined) {
      // The partial line left by the previous chunk: joined to its end here only.
      const end = chunk.indexOf(LF);
      if (end < 0) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      lines.push(lineOf(Buffer.concat([rest, chunk.subarray(0, end + 1)]), 0, rest.length + end));
      rest = undefined;
      start = end + 1;
      if (lines.length >= maxLines) {
        yield lines;
        lines = [];
      }
    }
    for (let end = chunk.indexOf(LF, start); end >= 0; end = chunk.indexOf(LF, start)) {
      lines.push(lineOf(chunk, start, end));
      start = end + 1;
      if (lines.length >= maxLines) {
        yield lines;
        lines = [];
      }
    }
    // A copy, so that the chunk is not kept alive by its last few bytes.
    if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
    if (lines.length > 0) yield lines;
  }
  if (rest !== undefined) yield [rest.toString('utf8')];
}

/** The text of bytes start..end (end: the '\n'), without a '\r' before the '\n'. */
const lineOf = (bytes: Buffer, start: number, end: number): string =>
  bytes.toString('utf8', start, end > start && bytes[end - 1] === CR ? end - 1 : end);
