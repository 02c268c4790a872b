import { HEADER_KEYS, aliasOfAuthor, type Discussion } from '@quorum/core';
import type { ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import { findField, splitList } from '@quorum/format';

/** Matches a comment author (`AI-Architect`, `architect`) to a participant alias. */
export type AuthorMatcher = (author: string, alias: string) => boolean;

/**
 * The usual matcher: the alias itself or the author name it stands for (`AI-Architect`,
 * `bot_architect`), any case, or the display name of the persona with that alias.
 */
export function authorMatcher(nameOf: (alias: string) => string | undefined = () => undefined): AuthorMatcher {
  // Runs look the same few authors up against the same few aliases over and over.
  const known = new Map<string, Map<string, boolean>>();
  return (author, alias) => {
    let byAlias = known.get(author);
    if (byAlias === undefined) {
      byAlias = new Map();
      known.set(author, byAlias);
    }
    let result = byAlias.get(alias);
    if (result === undefined) {
      const lower = alias.toLowerCase();
      result = author.toLowerCase() === lower || aliasOfAuthor(author) === lower || nameOf(alias) === author;
      byAlias.set(alias, result);
    }
    return result;
  };
}

/**
 * Who takes part in a phase: the phase's own participants list wins; otherwise the
 * discussion's `Participants` header (which `quorum new` fills from `--participants` or the
 * template's defaults), and the template's defaults only when the header is empty.
 */
export function participantsOfPhase(template: ResolvedTemplate, phase: ResolvedPhase, discussion: Discussion): string[] {
  const defaults = template.participants;
  const ownList = phase.participants.length > 0 && !(phase.participants.length === defaults.length && phase.participants.every((p, i) => p === defaults[i]));
  if (ownList) return [...phase.participants];
  const header = splitList(findField(discussion.header.fields, HEADER_KEYS.participants)?.value ?? '');
  return header.length > 0 ? header : [...phase.participants];
}

/**
 * The discussion as it stood when a round started: the sections before its ROUND line.
 * Every participant of a round is shown this same transcript, also when a resumed run asks
 * the ones an interrupted run had not reached, so the replies do not depend on timing.
 */
export function discussionBefore(discussion: Discussion, line: number): Discussion {
  return { ...discussion, sections: discussion.sections.filter((section) => section.line < line), tail: null };
}
