import { aliasOfAuthor, didYouMean, isQuorumError, NotFoundError, type SourceLocation } from '@quorum/core';
import type { Project } from '../project.js';

/** Where a list of participant aliases was written, for the message when one is unknown. */
export type ParticipantListSource =
  | { readonly kind: 'option'; readonly option: string }
  | { readonly kind: 'config' };

/**
 * Throws a `NotFoundError` for the first alias that is neither a persona's nor a voter's that
 * config describes: `--participants: unknown participant "archtect" (did you mean
 * "architect"?); see quorum participants list`. For the config's `participants` list the
 * message carries the config file, line and column.
 */
export async function checkParticipantAliases(project: Project, aliases: readonly string[], source: ParticipantListSource): Promise<void> {
  const known = await project.participantAliases();
  const lower = new Set([...known].map((alias) => alias.toLowerCase()));
  const index = aliases.findIndex((alias) => !lower.has(alias.toLowerCase()));
  if (index === -1) return;
  const { unknownParticipantMessage } = await import('@quorum/personas');
  const message = unknownParticipantMessage(aliases[index]!, known);
  if (source.kind === 'option') throw new NotFoundError(`${source.option}: ${message}`);
  const loaded = await project.config();
  const position = loaded.source.locate?.(['participants', index]);
  const location: SourceLocation = { file: loaded.source.file, line: position?.line, column: position?.column };
  throw new NotFoundError(location.file === undefined ? `participants in config: ${message}` : `participants[${index}]: ${message}`, location);
}

/**
 * Warns, one line on stderr per name, about `@mentions` in a comment that name nobody: no
 * persona, no voter config describes, no participant of the discussion and no one who has
 * commented in it (`@all` always counts). The comment is appended anyway; when the personas
 * cannot be loaded the check is skipped with a notice instead.
 */
export async function warnUnknownMentions(
  project: Project,
  text: string,
  discussion: { readonly participants: readonly string[]; readonly authors: readonly string[] },
): Promise<void> {
  const { extractMentions } = await import('@quorum/markers');
  const mentions = extractMentions(text);
  if (mentions.length === 0) return;
  let known: ReadonlySet<string>;
  try {
    known = await project.participantAliases();
  } catch (error) {
    if (!isQuorumError(error)) throw error;
    project.warn(`@mentions were not checked, because the personas cannot be loaded: ${error.message}`);
    return;
  }
  const everyone = new Set(
    ['all', ...known, ...discussion.participants, ...discussion.authors.flatMap((author) => [author, aliasOfAuthor(author)])].map((name) =>
      name.toLowerCase(),
    ),
  );
  for (const alias of mentions) {
    if (everyone.has(alias) || everyone.has(aliasOfAuthor(alias))) continue;
    project.warn(`@${alias} names no participant${didYouMean(alias, known)}; the comment is added anyway (see quorum participants list)`);
  }
}
