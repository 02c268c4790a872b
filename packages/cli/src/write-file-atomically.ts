import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A hidden file beside `file`, named so no two writers (or two calls) pick the same one. */
function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `text` to a new temporary file beside `file` and flushes it to disk. */
async function writeTemporary(file: string, text: string): Promise<string> {
  const temporary = temporaryBeside(file);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

/**
 * Writes `text` to `file` so that readers see the old file or the new one, never a part: a
 * temporary file beside it, flushed to disk, then renamed over it (a symbolic link at `file`
 * is replaced, not followed).
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = await writeTemporary(file, text);
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates `file` with `text` only if nothing exists at that path, in one step that a crash
 * never leaves half done: the text is written and flushed to a temporary file, then
 * hard-linked to the name, which fails when the name is taken (whoever took it, however it
 * got there, and without following a symbolic link). Resolves `false` when the name is taken.
 * On a file system without hard links the file is copied with an exclusive create instead.
 */
export async function createFileExclusively(file: string, text: string): Promise<boolean> {
  const temporary = await writeTemporary(file, text);
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    return await createByExclusiveOpen(file, text);
  } finally {
    await rm(temporary, { force: true });
  }
}

async function createByExclusiveOpen(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}
