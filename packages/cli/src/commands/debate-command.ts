import type { Command } from 'commander';
import type { Project } from '../project.js';
import type { RawDebateOptions } from '../debate/debate-options.js';

/** `--provider` repeats: every value is kept, in order. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerDebate(program: Command, project: Project): void {
  program
    .command('debate')
    .description('run a design debate (the Dreamer against the Cost Cutter) and write its design, diagram and record into a project folder')
    .argument('[topic]', 'what to design, in quotes (or pick one with --random or --daily)')
    .option('--context <text>', 'background for the debate (Markdown), put in the Context section')
    .option('--intensity <0-10>', 'how hard the sides push back: 0-3 collaborative, 4-6 firm, 7-10 relentless (default 5)')
    .option('--max-turns <n>', 'rounds before the debate must converge in its closing phase (default 20)')
    .option('--max-duration <time>', 'time before the debate must converge, such as 30m, 90s or 1h; a bare number is minutes (default 30m)')
    .option('--diagram-detail <1-10>', 'diagram richness: 1-6 components only, 7-8 components and data flows, 9-10 with storage, external services and observability (default 7)')
    .option('--min-turns <n>', 'rounds the debate must have had before a FINAL DESIGN can be accepted (default: the template\'s, 4)')
    .option('--min-facets <n>', 'design facets (architecture, storage, APIs, security…) the debate must cover before a FINAL DESIGN can be accepted (default: the template\'s, 4)')
    .option('--personas <a,b>', 'the personas in the two seats: the Dreamer\'s side, then the Cost Cutter\'s (default dreamer,cost-cutter)')
    .option('--provider <model>', 'one model for everyone (provider:model or a provider), or alias=model for one persona; repeat it for each persona', collect)
    .option('--random', 'debate a topic picked at random from the bundled list')
    .option('--daily', "debate today's topic from the bundled list (the same all day)")
    .option('--keywords <a,b>', 'with --random or --daily: prefer topics about these keywords')
    .option('--seed <text>', 'with --random: pick the same topic every time for the same seed')
    .option('--date <YYYY-MM-DD>', "with --daily: that day's topic instead of today's")
    .option('--projects <dir>', 'where session folders go (default: projects/ in the project directory)')
    .option('--json', 'print the session (folder, status, files) as JSON; progress goes to stderr')
    .addHelpText(
      'after',
      '\nThe debate runs the design-debate template. A FINAL DESIGN block is accepted only after --min-turns\n' +
        'rounds that covered --min-facets design facets, and when both sides vote READY. Near --max-turns the\n' +
        'sides are told to converge; a debate that reaches --max-turns or --max-duration moves into its\n' +
        'closing phase, which ends ACCEPTED or UNRESOLVED.\n\n' +
        'Each session gets a folder, projects/<YYYYMMDD_HHMMSS>_<slug>/, holding DESIGN.md, conversation.md\n' +
        '(the discussion itself), diagram.mmd, diagram.svg, design_document.json and session.json, and\n' +
        'projects/PROJECTS_INDEX.md lists every session. With --personas the folder also holds the template\n' +
        'as the debate ran it (design-debate.yaml, with the chosen personas in the two seats).\n\n' +
        'Examples:\n' +
        '  quorum debate "Design a URL shortener" --context "10 million new links a day"\n' +
        '  quorum debate --daily --keywords security,edge --intensity 8 --diagram-detail 9\n' +
        '  quorum debate "Design a ledger" --personas architect,pragmatist --provider architect=anthropic --provider pragmatist=openai',
    )
    .action(async (topic: string | undefined, options: RawDebateOptions) => {
      const { runDebate } = await import('../debate/run-debate.js');
      const result = await runDebate(project, topic, options);
      const files = Object.fromEntries(Object.entries(result.files).map(([role, file]) => [role, project.display(file)]));
      if (options.json === true) {
        project.io.out(
          `${JSON.stringify({ ...result, folder: project.display(result.folder), files, index: project.display(result.index) }, null, 2)}\n`,
        );
        return;
      }
      const state = result.complete ? result.status : `${result.status}, incomplete`;
      project.io.out(`${project.display(result.folder)}: ${state}; ${result.message} [${result.rounds} round${result.rounds === 1 ? '' : 's'}, ${result.tokens} tokens, $${result.cost.toFixed(4)}]\n`);
      if (result.files.design !== undefined) project.io.out(`design: ${project.display(result.files.design)}\n`);
      project.io.out(`index: ${project.display(result.index)}\n`);
    });
}

