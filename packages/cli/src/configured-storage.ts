import type { DiscussionStorageV1 } from '@quorum/core';
import type { Project } from './project.js';

/**
 * The storage the config names (`storage.backend`), with its options checked: the file
 * storage over `discussions.dir` by default (as `quorum new` writes), or whatever backend a
 * plugin provides.
 */
export async function configuredStorage(project: Project): Promise<DiscussionStorageV1> {
  const loaded = await project.config();
  if (loaded.config.storage.backend === 'file' && loaded.config.storage.options['dir'] === undefined) {
    const { FileStorage } = await import('@quorum/storage-file');
    return new FileStorage({ dir: await project.discussionsDir(), onWarning: (message) => project.warn(message) });
  }
  const { resolveStorage } = await import('@quorum/config');
  return resolveStorage(await project.plugins(), loaded.config, loaded.projectDir, loaded.source);
}
