import type { Argument, Command, Help } from 'commander';

/**
 * `docs/cli-reference.md`: every command of the program, with its usage, description,
 * arguments, options (defaults included) and the notes its `--help` prints after them,
 * generated from the commander definitions so the reference cannot drift from the CLI
 * (`npm run docs` writes it; a test compares).
 */
export function renderCliReference(program: Command): string {
  const help = program.createHelp();
  const sections: string[] = [
    '# CLI reference',
    '',
    '<!-- Generated from the command definitions by scripts/generate-cli-reference.mjs (npm run docs); do not edit by hand. -->',
    '',
    `${program.description()}`,
    '',
    'Exit codes: 0 success, 1 a failure at run time, 2 bad input or usage. Every command has `--help`.',
    '',
    '## Global options',
    '',
    ...optionsTable(help, program),
    '## Commands',
    '',
    ...everyCommand(program).map((command) => `- [\`${fullName(command)}\`](#${anchor(fullName(command))}) — ${command.description()}`),
    '',
  ];
  for (const command of everyCommand(program)) sections.push(...commandSection(help, command));
  return `${sections.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Every command below the program, depth first in definition order. */
function everyCommand(parent: Command): Command[] {
  return parent.commands.filter((command) => command.name() !== 'help').flatMap((command) => [command, ...everyCommand(command)]);
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** GitHub's heading anchors: lower case, spaces to dashes, other punctuation dropped. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function commandSection(help: Help, command: Command): string[] {
  const lines = [`### ${fullName(command)}`, '', '```', help.commandUsage(command), '```', '', `${command.description()}`, ''];
  const args = help.visibleArguments(command);
  if (args.length > 0) {
    lines.push('| argument | description |', '| --- | --- |');
    for (const argument of args) lines.push(`| \`${argumentUsage(argument)}\` | ${cell(help.argumentDescription(argument))} |`);
    lines.push('');
  }
  const subcommands = help.visibleCommands(command).filter((sub) => sub.name() !== 'help');
  if (subcommands.length > 0) {
    lines.push('| command | description |', '| --- | --- |');
    for (const sub of subcommands) lines.push(`| [\`${fullName(sub)}\`](#${anchor(fullName(sub))}) | ${cell(sub.description())} |`);
    lines.push('');
  }
  lines.push(...optionsTable(help, command));
  const notes = afterHelpText(command);
  if (notes !== '') lines.push('```text', notes, '```', '');
  return lines;
}

/** `<file>`, `[dir]`, `<files...>`: the argument as the usage line writes it. */
function argumentUsage(argument: Argument): string {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return argument.required ? `<${name}>` : `[${name}]`;
}

function optionsTable(help: Help, command: Command): string[] {
  const options = help.visibleOptions(command).filter((option) => option.long !== '--help');
  if (options.length === 0) return [];
  return [
    '| option | description |',
    '| --- | --- |',
    ...options.map((option) => `| \`${help.optionTerm(option)}\` | ${cell(help.optionDescription(option))} |`),
    '',
  ];
}

/** What `addHelpText('after', …)` adds to the command's `--help`. */
function afterHelpText(command: Command): string {
  let text = '';
  // Commander's Command is an EventEmitter; addHelpText listens for `afterHelp` with this context.
  const emitter = command as unknown as { emit(event: string, context: { error: boolean; command: Command; write: (chunk: string) => void }): boolean };
  emitter.emit('afterHelp', { error: false, command, write: (chunk: string) => (text += chunk) });
  return text.replace(/^\n+/, '').trimEnd();
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
