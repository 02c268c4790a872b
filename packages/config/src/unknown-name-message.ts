import { didYouMean } from '@quorum/core';

/** `unknown voting strategy "thresold" (did you mean "threshold"?)`, or the known names. */
export function unknownNameMessage(kind: string, name: string, known: Iterable<string>): string {
  const names = [...known];
  const hint = didYouMean(name, names);
  if (hint !== '') return `unknown ${kind} "${name}"${hint}`;
  return names.length === 0
    ? `unknown ${kind} "${name}" (no plugin provides one)`
    : `unknown ${kind} "${name}" (known: ${names.join(', ')})`;
}
