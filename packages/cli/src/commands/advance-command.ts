import type { Command } from 'commander';
import { InvalidInputError, didYouMean, type Discussion, type NewEvent } from '@quorum/core';
import { openDiscussion } from '../open-discussion.js';
import type { Project } from '../project.js';
import type { ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import { loadNamedTemplate } from '../load-named-template.js';
import { voterFactsOf } from '../discussion-report.js';

interface AdvanceOptions {
  to?: string;
}

export function registerAdvance(program: Command, project: Project): void {
  program
    .command('advance')
    .description('move a discussion to the next phase of its template')
    .argument('<file>', 'the discussion file')
    .option('--to <phase>', "the phase to move to, one the current phase's transitions name, whether or not its condition holds")
    .addHelpText(
      'after',
      '\nWithout --to, the first transition whose condition holds is taken, as the machine does on an\n' +
        'explicit advance: conditions are evaluated on the file (votes, open questions, mentions,\n' +
        'markers, rounds) and `manual` holds. With --to, a person moves the discussion on regardless.\n' +
        'The phase change and its VOTE-RESET line are appended, and the Phase header (and the Status\n' +
        'header, when the new phase is final) updated, in one atomic write that fails if another\n' +
        'process moved the discussion meanwhile.\n\n' +
        'Examples:\n  quorum advance discussions/add-rate-limiting.md\n  quorum advance discussions/add-rate-limiting.md --to consensus_vote',
    )
    .action(async (file: string, options: AdvanceOptions) => {
      const moved = await advanceDiscussion(project, file, options.to);
      project.io.out(`Advanced ${file}: ${moved.from} -> ${moved.to}${moved.status === null ? '' : ` (status ${moved.status})`}\n`);
    });
}

/** Where `advanceDiscussion` moved a discussion. */
export interface AdvanceResult {
  readonly from: string;
  readonly to: string;
  /** The final status the new phase set, or null. */
  readonly status: string | null;
}

/**
 * Moves the discussion in `file` along its template as `quorum advance` does: to `to` when
 * given (one of the current phase's targets), else along the first transition whose condition
 * holds; the phase change, its VOTE-RESET and the headers in one atomic write. `quorum debate`
 * uses it to move a debate that reached its limit into its closing phase.
 */
export async function advanceDiscussion(project: Project, file: string, to?: string): Promise<AdvanceResult> {
  const { storage, id, discussion } = await openDiscussion(project, file);
  const templateId = header(discussion, 'Template');
  if (templateId === undefined) {
    throw new InvalidInputError(`${file} has no template; advance needs one (create the discussion with quorum new --template NAME)`);
  }
  const template = await loadNamedTemplate(project, templateId);
  const { allowedTargets } = await import('@quorum/compiler');

  const phaseId = header(discussion, 'Phase');
  if (phaseId === undefined) throw new InvalidInputError(`${file} has no Phase header; add <!-- Phase: ${template.initial} --> to its header`);
  const phaseIds = template.phases.map((phase) => phase.id);
  const current = template.phases.find((phase) => phase.id === phaseId);
  if (current === undefined) {
    throw new InvalidInputError(
      `${file} is in phase "${phaseId}", which template "${template.id}" does not have${didYouMean(phaseId, phaseIds)}; its phases are ${phaseIds.join(', ')}`,
    );
  }
  if (current.final !== null) {
    throw new InvalidInputError(`${file} is already finished with status ${current.final} (phase ${current.id}); there is no phase to advance to`);
  }

  const allowed = allowedTargets(template, current.id);
  if (allowed.length === 0) throw new InvalidInputError(`phase ${current.id} of template "${template.id}" has no transitions to advance along`);
  const targetId = to ?? (await firstHoldingTarget(project, discussion, template, current, allowed));
  if (!allowed.includes(targetId)) {
    const known = phaseIds.includes(targetId) ? '' : `; template "${template.id}" has no phase "${targetId}"`;
    throw new InvalidInputError(
      `--to ${targetId}: phase ${current.id} can advance only to ${allowed.join(', ')}${known}${didYouMean(targetId, allowed)}`,
    );
  }
  const target = template.phases.find((phase) => phase.id === targetId)!;

  const events: NewEvent[] = [{ kind: 'phase-transition', from: current.id, to: target.id }];
  if (target.voteReset) events.push({ kind: 'vote-reset', phase: target.id });
  const headers: Record<string, string> = { Phase: target.id };
  if (target.final !== null) headers.Status = target.final;
  await storage.appendEvents(id, events, headers, { Phase: current.id });
  return { from: current.id, to: target.id, status: target.final };
}

/** The target of the first transition whose condition holds on an explicit advance. */
async function firstHoldingTarget(project: Project, discussion: Discussion, template: ResolvedTemplate, phase: ResolvedPhase, allowed: readonly string[]): Promise<string> {
  const [{ evaluateCondition, describeCondition }, { authorMatcher, participantsOfPhase, phaseFacts }, registry, strategy, voters, personas] = await Promise.all([
    import('@quorum/compiler'),
    import('@quorum/engine'),
    project.plugins(),
    project.strategy({ voting: phase.votingRule ?? template.voting }),
    project.voterFacts(),
    project.personas(),
  ]);
  const facts = phaseFacts({
    discussion,
    phase,
    participants: participantsOfPhase(template, phase, discussion),
    markerSets: registry.markerSets,
    strategy,
    voterFact: (id) => voterFactsOf(voters, id),
    matches: authorMatcher((alias) => personas.get(alias)?.persona.name),
    explicitAdvance: true,
  });
  const holding = phase.transitions.find((transition) => evaluateCondition(transition.when, facts, registry.conditions));
  if (holding === undefined) {
    const waiting = phase.transitions.map((t) => `${t.to} when ${describeCondition(t.when)}`).join('; ');
    throw new InvalidInputError(`no transition out of ${phase.id} holds yet (${waiting}); to move on anyway, pass --to with one of ${allowed.join(', ')}`);
  }
  return holding.to;
}

/** A header value by key (any case), or undefined when it is missing or blank. */
function header(discussion: Discussion, key: string): string | undefined {
  const value = discussion.header.fields.find((field) => field.key.toLowerCase() === key.toLowerCase())?.value.trim();
  return value === undefined || value === '' ? undefined : value;
}
