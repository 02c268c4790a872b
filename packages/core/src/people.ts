/**
 * Humans and AI personas share the discussion. As in the seed design, an author whose
 * name starts with `ai-`, `ai_`, `bot-` or `bot_` (any case) is an AI; everyone else is a
 * person, unless they are flagged explicitly (config or persona files).
 */
export function isHumanName(name: string): boolean {
  return !/^(?:ai|bot)[-_]/i.test(name);
}

/**
 * The participant alias an author name stands for: `AI-Architect` → `architect`,
 * `bot_cost_cutter` → `cost_cutter`, `Rob` → `rob`. Used to match comment authors to the
 * aliases listed in a discussion's `Participants` header.
 */
export function aliasOfAuthor(name: string): string {
  return name.replace(/^(?:ai|bot)[-_]/i, '').trim().toLowerCase().replace(/\s+/g, '-');
}

/** A participant alias: a letter, then letters, digits, `-` or `_`, not ending in `-` or `_` (so `@alias,` mentions it). */
export const ALIAS_PATTERN = /^[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;
