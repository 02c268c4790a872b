import type { ConditionExpression, ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import { DREAMER, COST_CUTTER, type DebateSides } from './debate-guidance.js';

/**
 * The design-debate template with other personas in its two seats (`--personas a,b`): every
 * `dreamer` and `cost-cutter` in the participants of the template and its phases becomes the
 * chosen alias, and so does every `@dreamer` / `@cost-cutter` mention in the goals,
 * instructions and callouts. Phase ids (`dreamer_turn`) and prose (the Dreamer) stay: the
 * debate's guidance tells the models who plays which side.
 */
export function templateWithSides(template: ResolvedTemplate, sides: DebateSides): ResolvedTemplate {
  const aliases = new Map<string, string>([
    [DREAMER, sides.dreamer],
    [COST_CUTTER, sides.costCutter],
  ]);
  const swapAlias = (alias: string) => aliases.get(alias.toLowerCase()) ?? alias;
  const swapMentions = (text: string) =>
    text.replace(/@([A-Za-z][A-Za-z0-9_-]*)/g, (whole, alias: string) => {
      const swapped = aliases.get(alias.toLowerCase());
      return swapped === undefined ? whole : `@${swapped}`;
    });
  return {
    ...template,
    participants: dedupe(template.participants.map(swapAlias)),
    phases: template.phases.map((phase) => ({
      ...phase,
      participants: dedupe(phase.participants.map(swapAlias)),
      goal: swapMentions(phase.goal),
      instructions: swapMentions(phase.instructions),
      callout: phase.callout === null ? null : swapMentions(phase.callout),
    })),
  };
}

/**
 * A resolved template written back as a template file (YAML): no `extends`, every phase with
 * every setting it resolved to, so loading the file gives the same template. Strings of
 * several lines become block scalars; everything else is written as JSON, which YAML reads.
 */
export function templateYaml(template: ResolvedTemplate, comment: string): string {
  const document: Record<string, unknown> = {
    $schema: 'https://quorum.dev/schemas/template.schema.json',
    id: template.id,
    title: template.title,
    description: template.description,
    participants: template.participants,
    voting: { strategy: template.voting.strategy, options: template.voting.options },
    ...(template.provider === null ? {} : { provider: template.provider }),
    ...(template.budget.maxCost === null && template.budget.maxTokens === null
      ? {}
      : {
          budget: {
            ...(template.budget.maxCost === null ? {} : { max_cost: template.budget.maxCost }),
            ...(template.budget.maxTokens === null ? {} : { max_tokens: template.budget.maxTokens }),
          },
        }),
    initial: template.initial,
    phases: Object.fromEntries(template.phases.map((phase) => [phase.id, phaseDocument(phase)])),
  };
  const header = comment
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
  return `${header}\n${yamlValue(document, 0)}\n`;
}

function phaseDocument(phase: ResolvedPhase): Record<string, unknown> {
  return {
    title: phase.title,
    ...(phase.goal === '' ? {} : { goal: phase.goal }),
    ...(phase.instructions === '' ? {} : { instructions: phase.instructions }),
    participants: phase.participants,
    voting: phase.votingRule === null ? phase.voting : { strategy: phase.votingRule.strategy, options: phase.votingRule.options },
    vote_reset: phase.voteReset,
    ...(phase.final === null ? { max_rounds: phase.maxRounds } : {}),
    ...(phase.callout === null ? {} : { callout: phase.callout }),
    ...(phase.final === null
      ? { transitions: phase.transitions.map((transition) => ({ to: transition.to, when: conditionDocument(transition.when) })), on_max_rounds: phase.onMaxRounds }
      : { final: phase.final }),
  };
}

/** A condition as a template writes it: `name`, `{ name: options }`, `{ all: […] }`… */
function conditionDocument(expression: ConditionExpression): unknown {
  if ('name' in expression) return expression.options === undefined ? expression.name : { [expression.name]: expression.options };
  if ('all' in expression) return { all: expression.all.map(conditionDocument) };
  if ('any' in expression) return { any: expression.any.map(conditionDocument) };
  return { not: conditionDocument(expression.not) };
}

/** Block YAML for mappings (keys are ids or `$schema`), JSON for everything else, block scalars for text of several lines. */
function yamlValue(value: unknown, indent: number): string {
  const pad = '  '.repeat(indent);
  if (isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => /^[$A-Za-z_][A-Za-z0-9_-]*$/.test(key))) {
    return Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => {
        const nested = isPlainObject(item) && Object.keys(item).length > 0 && Object.keys(item).every((k) => /^[$A-Za-z_][A-Za-z0-9_-]*$/.test(k));
        if (nested) return `${pad}${key}:\n${yamlValue(item, indent + 1)}`;
        return `${pad}${key}: ${scalar(item, indent + 1)}`;
      })
      .join('\n');
  }
  return `${pad}${scalar(value, indent)}`;
}

function scalar(value: unknown, indent: number): string {
  if (typeof value === 'string' && value.includes('\n') && blockSafe(value)) {
    const pad = '  '.repeat(indent);
    const chomp = value.endsWith('\n') ? '' : '-';
    const body = value.endsWith('\n') ? value.slice(0, -1) : value;
    return `|${chomp}\n${body
      .split('\n')
      .map((line) => (line === '' ? '' : `${pad}${line}`))
      .join('\n')}`;
  }
  return JSON.stringify(value);
}

/** Text a literal block scalar keeps exactly: no leading space on the first line, no tabs or trailing spaces, at most one final newline. */
function blockSafe(text: string): boolean {
  return !/^[ \t]/.test(text) && !/\n\n$/.test(text) && !/[ \t]$/m.test(text) && !/\t/.test(text) && !/[\r\u0085\u2028\u2029]/.test(text) && !text.startsWith('\n');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dedupe(aliases: readonly string[]): string[] {
  return [...new Set(aliases)];
}
