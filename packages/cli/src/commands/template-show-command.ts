import type { Command } from 'commander';
import type { ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import type { Project } from '../project.js';
import { loadNamedTemplate } from '../load-named-template.js';

type ConditionExpression = ResolvedPhase['transitions'][number]['when'];

interface TemplateShowOptions {
  json?: boolean;
}

/** What `quorum template show --json` prints. */
export interface TemplateShowReport {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly file: string;
  readonly participants: readonly string[];
  readonly voting: ResolvedTemplate['voting'];
  readonly initial: string;
  readonly phases: ReadonlyArray<
    Omit<ResolvedPhase, 'transitions'> & {
      readonly transitions: ReadonlyArray<{ readonly to: string; readonly when: ConditionExpression; readonly condition: string }>;
    }
  >;
}

export function registerTemplateShow(parent: Command, project: Project): void {
  parent
    .command('show')
    .description('show a template: participants, voting, and every phase with its transitions')
    .argument('<template>', 'a template id (quorum template list) or a path to a .yaml file')
    .option('--json', 'print the resolved template as JSON (instructions and callouts included)')
    .addHelpText('after', '\nExamples:\n  quorum template show feature\n  quorum template show templates/my-review.yaml --json')
    .action(async (ref: string, options: TemplateShowOptions) => {
      const template = await loadNamedTemplate(project, ref);
      const { describeCondition } = await import('@quorum/compiler');
      const report: TemplateShowReport = {
        id: template.id,
        title: template.title,
        description: template.description,
        file: project.display(template.file),
        participants: template.participants,
        voting: template.voting,
        initial: template.initial,
        phases: template.phases.map((phase) => ({
          id: phase.id,
          title: phase.title,
          goal: phase.goal,
          instructions: phase.instructions,
          participants: phase.participants,
          voting: phase.voting,
          votingRule: phase.votingRule,
          voteReset: phase.voteReset,
          maxRounds: phase.maxRounds,
          callout: phase.callout,
          transitions: phase.transitions.map((transition) => ({ to: transition.to, when: transition.when, condition: describeCondition(transition.when) })),
          onMaxRounds: phase.onMaxRounds,
          final: phase.final,
        })),
      };
      project.io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderTemplate(report));
    });
}

function renderTemplate(report: TemplateShowReport): string {
  const lines: string[] = [];
  lines.push(`Template: ${report.id} — ${report.title}  [${report.file}]`);
  if (report.description.trim() !== '') lines.push(report.description.replace(/\s+/g, ' ').trim());
  lines.push(`Participants: ${report.participants.join(', ') || '-'}`);
  lines.push(`Voting: ${report.voting.strategy}${renderOptions(report.voting.options)}`);
  lines.push(`Initial phase: ${report.initial}`);
  for (const phase of report.phases) {
    lines.push('', `Phase ${phase.id} — ${phase.title}${phase.id === report.initial ? '  (initial)' : ''}`);
    if (phase.final !== null) {
      lines.push(`  Final: sets status ${phase.final}`);
      continue;
    }
    if (phase.goal.trim() !== '') lines.push(`  Goal: ${phase.goal.replace(/\s+/g, ' ').trim()}`);
    lines.push(`  Participants: ${phase.participants.join(', ') || '-'}`);
    const voting = phase.votingRule !== null ? `yes, ${phase.votingRule.strategy}${renderOptions(phase.votingRule.options)}` : phase.voting ? 'yes' : 'no';
    const reset = phase.voteReset ? ', votes reset on entry' : '';
    lines.push(`  Voting: ${voting}${reset}   Max rounds: ${phase.maxRounds}`);
    for (const transition of phase.transitions) lines.push(`  -> ${transition.to} when ${transition.condition}`);
    if (phase.onMaxRounds !== null) lines.push(`  -> ${phase.onMaxRounds} after ${phase.maxRounds} round${phase.maxRounds === 1 ? '' : 's'} (on_max_rounds)`);
  }
  return `${lines.join('\n')}\n`;
}

/** ` (threshold_ready: 0.67, human_required: false)`, or nothing without options. */
function renderOptions(options: Readonly<Record<string, unknown>> | undefined): string {
  const entries = Object.entries(options ?? {});
  return entries.length === 0 ? '' : ` (${entries.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')})`;
}
