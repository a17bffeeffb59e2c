// Writing the reports of one run: regular files through temporary siblings renamed into place
// only when every output is ready, devices and pipes as they are, stdout in batches.
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { isStreamTarget, temporarySibling } from '../fix/write.js';
import { OutputFileError, writeFailureReason } from '../payload/cli-io.js';

/** Each file is written to a temporary sibling first and renamed into place only when every
 * output is ready, so a failed run never leaves a partial report. A device or FIFO
 * (`-o /dev/stdout`) is written to as it is, once the files are staged and before they are
 * renamed: renaming a file over it would replace it, and a pipe that fails leaves no file
 * replaced. */
export function writeReports(
  files: Array<{ file: string; flag: string; chunks: Iterable<string> }>,
) {
  const streams = files.filter((f) => isStreamTarget(f.file));
  const staged: Array<{ tmp: string; file: string; entry: (typeof files)[number] }> = [];
  let current = files[0];

  try {
    for (const entry of files) {
      if (streams.includes(entry)) continue;

      const target = resolve(entry.file);
      const tmp = temporarySibling(target);

      current = entry;

      const fd = openSync(tmp, 'wx');

      staged.push({ tmp, file: target, entry });

      try {
        writeBatched(entry.chunks, (text) => writeAll(fd, Buffer.from(text)));
      } finally {
        closeSync(fd);
      }
    }

    for (const entry of streams) {
      current = entry;

      const fd = openSync(entry.file, 'w');

      try {
        writeBatched(entry.chunks, (text) => writeAll(fd, Buffer.from(text)));
      } finally {
        closeSync(fd);
      }
    }

    for (const { tmp, file, entry } of staged) {
      current = entry;
      renameSync(tmp, file);
    }
  } catch (error) {
    for (const { tmp } of staged) {
      try {
        unlinkSync(tmp);
      } catch {
        // Already renamed.
      }
    }

    // A failed write names the file the user gave, never the temporary one; anything else is
    // ours, and goes on as it is.
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;

    throw new OutputFileError(current.flag, writeFailureReason(error));
  }
}

/** Hands the pieces on in batches of about a megabyte: few writes, no whole-log string. */
export function writeBatched(chunks: Iterable<string>, write: (text: string) => void): void {
  let batch: string[] = [];
  let length = 0;

  for (const chunk of chunks) {
    batch.push(chunk);
    length += chunk.length;

    if (length >= 1 << 20) {
      write(batch.join(''));
      batch = [];
      length = 0;
    }
  }

  if (length > 0) write(batch.join(''));
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
}
