import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Replaces `file` with `contents` so that a reader (or a crash) sees the old file or the new
 * one, never half of it: the text goes to a temporary file in the same directory, which is
 * then renamed over the target. The directory is created when missing.
 */
export async function writeFileAtomically(file: string, contents: string): Promise<void> {
  const directory = dirname(file);
  await mkdir(directory, { recursive: true });
  counter += 1;
  const temporary = join(directory, `.${basename(file)}.${process.pid}.${counter}.tmp`);
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
