import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '@quorum/core';

/**
 * The absolute path of `name` inside `root`, refusing any name that would leave it: absolute
 * paths, `..` segments that climb out, NUL bytes, and symbolic links that point outside.
 */
export async function resolveInside(root: string, name: string): Promise<string> {
  if (name.length === 0 || name.includes('\0')) {
    throw new InvalidInputError(`"${name}" is not a usable discussion name`);
  }
  if (path.isAbsolute(name)) {
    throw new InvalidInputError(`"${name}" is an absolute path; discussion names are relative to the discussions directory ${root}`);
  }
  const resolved = path.resolve(root, name);
  if (!isWithin(root, resolved)) {
    throw new InvalidInputError(`"${name}" points outside the discussions directory ${root}; use a name inside it`);
  }
  // Follow symbolic links of whatever part exists already.
  const realRoot = await realpathOrSelf(root);
  let existing = resolved;
  const missing: string[] = [];
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) break;
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
  const real = path.join(existing, ...missing);
  if (!isWithin(realRoot, real)) {
    throw new InvalidInputError(`"${name}" leads through a symbolic link outside the discussions directory ${root}`);
  }
  return resolved;
}

function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}
