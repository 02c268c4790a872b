import type { ConditionV1, VotingStrategyV1 } from '@quorum/core';
import type { ConditionExpression } from './condition-expression.js';

/** A phase with `extends` resolved and every default filled in. */
export interface ResolvedPhase {
  readonly id: string;
  readonly title: string;
  /** Empty when the template gives none. */
  readonly goal: string;
  /** Empty when the template gives none. */
  readonly instructions: string;
  /** Aliases; the template's participants unless the phase names its own. Empty means the discussion's participants. */
  readonly participants: readonly string[];
  /** Whether votes count in this phase. */
  readonly voting: boolean;
  /**
   * The rule votes are counted with in this phase when it has its own (a voting block
   * instead of `voting: true`), options layered over the template's; null to use the template's.
   */
  readonly votingRule: { readonly strategy: string; readonly options: Record<string, unknown> } | null;
  /** Whether entering the phase writes a VOTE-RESET. */
  readonly voteReset: boolean;
  /** The phase's round budget over the whole discussion. */
  readonly maxRounds: number;
  readonly callout: string | null;
  /** Tried in order after each round; condition options are validated, defaults filled. */
  readonly transitions: readonly { readonly to: string; readonly when: ConditionExpression }[];
  /** Where the discussion goes when the budget is spent; null only for a final phase. */
  readonly onMaxRounds: string | null;
  /** The status a final phase sets (`ACCEPTED`…); null for other phases. */
  readonly final: string | null;
}

/** A template with `extends` resolved, validated and checked: what `compileTemplate` takes. */
export interface ResolvedTemplate {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The template's own file, absolute. */
  readonly file: string;
  /** Default participants (aliases); empty means the discussion's own. */
  readonly participants: readonly string[];
  /** The voting strategy and its options as written (checked against the strategy's schema; defaults not filled). */
  readonly voting: { readonly strategy: string; readonly options: Record<string, unknown> };
  /** The model the template prefers (`provider:model` or a provider name), or null. */
  readonly provider: string | null;
  /** What one discussion may spend; null where the template sets no limit. */
  readonly budget: { readonly maxCost: number | null; readonly maxTokens: number | null };
  readonly initial: string;
  /** In the order written, a child's new phases after its parent's. */
  readonly phases: readonly ResolvedPhase[];
}

/** A template file found in a template directory, as `quorum template list` shows it. */
export interface TemplateListing {
  readonly id: string;
  /** `(invalid)` when the file cannot be read or its id, title or description are wrong. */
  readonly title: string;
  /** For an invalid file, the first problem, located. */
  readonly description: string;
  /** The file, absolute. */
  readonly file: string;
}

/** What loading a template needs from its surroundings. */
export interface TemplateContext {
  /** Directories searched for `<id>.yaml` / `<id>.yml`, in order; the first with an id wins. */
  readonly dirs: readonly string[];
  /** Template paths are resolved from here, and file names in diagnostics are shown relative to it. */
  readonly cwd: string;
  /** The conditions templates may use: the built-ins and the plugins' (`PluginRegistry.conditions`). */
  readonly conditions: ReadonlyMap<string, ConditionV1>;
  /** The voting strategies, to check `voting.strategy` and its options. */
  readonly strategies: ReadonlyMap<string, VotingStrategyV1>;
  /** Known participant aliases; when absent, participant references are not checked. */
  readonly participants?: ReadonlySet<string>;
}
