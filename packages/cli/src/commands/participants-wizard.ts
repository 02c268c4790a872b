import { ALIAS_PATTERN, aliasOfAuthor, InvalidInputError, type PersonaV1 } from '@quorum/core';
import type { PersonaRegistry } from '@quorum/personas';
import type { ParticipantPrompts } from './participants-prompts.js';

/** What the wizard needs to know about the project. */
export interface PersonaWizardOptions {
  /** The personas the project has, to refuse an alias a project persona already has. */
  readonly registry: PersonaRegistry;
  /** Whether replacing a project persona is allowed (`--force`). */
  readonly force: boolean;
  /** Shows a project persona's file in messages. */
  readonly display: (file: string) => string;
}

/**
 * Asks, one question at a time, for a new persona: name, alias (checked against the alias
 * rule and the project's own personas), role, type, expertise and concerns (comma-separated),
 * personality (multi-line, or empty for a draft built from the answers) and provider hint.
 * Every answer is checked as the persona file would be, so the result is valid. Throws an
 * `InvalidInputError` when the person cancels.
 */
export async function runPersonaWizard(prompts: ParticipantPrompts, options: PersonaWizardOptions): Promise<PersonaV1> {
  const personas = await import('@quorum/personas');
  const ask = async <T>(answer: Promise<T | symbol>): Promise<T> => {
    const value = await answer;
    if (prompts.isCancel(value)) throw new InvalidInputError('the wizard was cancelled; no participant was added');
    return value as T;
  };
  const oneLine = (what: string, max: number) => (value: string) =>
    value.trim() === ''
      ? `give the ${what}`
      : value.trim().length > max
        ? `keep the ${what} to ${max} characters`
        : /[\r\n]/.test(value)
          ? `the ${what} is one line`
          : undefined;

  prompts.intro('Add a participant');
  const name = (
    await ask(
      prompts.text({
        message: 'Name, written as the author of its comments',
        placeholder: 'AI-Critic',
        validate: (value) =>
          oneLine('name', 64)(value) ?? (personas.PERSONA_NAME_PATTERN.test(value.trim()) ? undefined : 'use one line without control characters'),
      }),
    )
  ).trim();

  const suggested = aliasOfAuthor(name);
  const alias = (
    await ask(
      prompts.text({
        message: 'Alias, used in @mentions and as the file name',
        ...(ALIAS_PATTERN.test(suggested) ? { initialValue: suggested, defaultValue: suggested } : { placeholder: 'critic' }),
        validate: (value) => aliasProblem(value.trim(), options),
      }),
    )
  ).trim();

  const role = (await ask(prompts.text({ message: 'Role, in one line', placeholder: 'Devil\'s advocate', validate: oneLine('role', 120) }))).trim();

  const type = await ask(
    prompts.select<'voting' | 'background'>({
      message: 'Does it vote?',
      options: [
        { value: 'voting', label: 'voting', hint: 'votes READY, CHANGES or REJECT when a phase counts votes' },
        { value: 'background', label: 'background', hint: 'comments but never votes' },
      ],
      initialValue: 'voting',
    }),
  );

  const expertise = splitList(
    await ask(prompts.text({ message: 'Expertise, comma-separated (may be empty)', placeholder: 'code review, API design', validate: listProblem })),
  );
  const concerns = splitQuestions(
    await ask(
      prompts.text({
        message: 'Concerns: questions it always asks, comma-separated (may be empty)',
        placeholder: 'Is this the simplest design?, Who maintains it, and for how long?',
        validate: listProblem,
      }),
    ),
  );

  const personality = await ask(
    prompts.multiline({
      message: 'Personality: its system prompt (leave empty for a draft built from the answers above)',
      placeholder: 'You are ...',
    }),
  );

  const provider = (
    await ask(
      prompts.text({
        message: 'Provider hint, provider:model or a provider name (leave empty to let the config decide)',
        placeholder: 'anthropic:claude-sonnet-4-5',
        validate: (value) =>
          value.trim() === '' || personas.PROVIDER_HINT_PATTERN.test(value.trim())
            ? undefined
            : 'write provider:model (anthropic:claude-sonnet-4-5) or a provider name (ollama)',
      }),
    )
  ).trim();

  const outline = { name, role, type, expertise, concerns };
  const persona = personas.validatePersona(
    {
      ...outline,
      alias,
      personality: personality.trim() === '' ? personas.draftPersonality(outline) : personality,
      ...(provider === '' ? {} : { provider }),
    },
    'the participant',
  );
  prompts.outro(`${persona.alias} is ready`);
  return persona;
}

/** Why an alias cannot be used for a new project persona, or undefined. */
function aliasProblem(alias: string, options: PersonaWizardOptions): string | undefined {
  if (!ALIAS_PATTERN.test(alias)) return 'start with a letter; then letters, digits, "-" or "_", not ending in "-" or "_"';
  const existing = options.registry.get(alias);
  if (existing?.kind === 'project' && !options.force) {
    return `${options.display(existing.origin.file ?? alias)} already defines "${existing.persona.alias}"; choose another alias, or run again with --force to replace it`;
  }
  return undefined;
}

function listProblem(value: string): string | undefined {
  const items = value.split(',').map((item) => item.trim());
  if (/[\r\n]/.test(value)) return 'write the list on one line, separated by commas';
  return items.some((item) => item.length > 300) ? 'keep each item to 300 characters' : undefined;
}

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Concerns separated by commas, where a comma inside a question is kept: once the answer
 * has a `?`, each item runs to its question mark (`Will it scale?, Who owns it, and why?` is
 * two concerns); what follows the last `?` is split at its commas.
 */
export function splitQuestions(value: string): string[] {
  const lastMark = value.lastIndexOf('?');
  if (lastMark === -1) return splitList(value);
  const questions = value
    .slice(0, lastMark + 1)
    .split(/(?<=\?)/)
    .map((item) => item.replace(/^[\s,]+/, '').trim())
    .filter((item) => item !== '');
  return [...questions, ...splitList(value.slice(lastMark + 1))];
}
