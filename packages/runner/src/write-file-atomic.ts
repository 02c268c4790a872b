import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomicAsync from 'write-file-atomic';

/**
 * Writes a file so that readers, and a process killed at any moment, see either the old
 * content or the new one (write-file-atomic: a temporary file beside it, flushed, renamed
 * over it). The folder is created when missing.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomicAsync(file, typeof content === 'string' ? content : Buffer.from(content));
}
