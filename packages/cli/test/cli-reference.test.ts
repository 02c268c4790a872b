import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderCliReference } from '../src/cli-reference.js';
import { createProgram } from '../src/main.js';
import { Project } from '../src/project.js';

const io = { cwd: process.cwd(), env: {}, stdinIsTty: false, out: () => {}, err: () => {}, readStdin: async () => '' };
const reference = () => renderCliReference(createProgram(new Project(io, undefined)));

describe('docs/cli-reference.md', () => {
  it('is what the command definitions generate', async () => {
    const checkedIn = await readFile(new URL('../../../docs/cli-reference.md', import.meta.url), 'utf8').catch(() => '(missing)');
    expect(checkedIn, 'docs/cli-reference.md is stale; run npm run docs').toBe(reference());
  });

  it('names every command, argument and option with its description', () => {
    const text = reference();
    expect(text).toContain('### quorum doctor\n\n```\nquorum doctor [options]\n```\n\ncheck the config, plugins, templates, personas, storage and providers of this project\n');
    expect(text).toContain('| `--timeout <seconds>` | time limit of each --online request (default: 15) |');
    expect(text).toContain('| `<discussion>` | a discussion file, or the id of a discussion in the configured storage (e.g. add-rate-limiting.md) |');
    expect(text).toContain('| [`quorum template validate`](#quorum-template-validate) |');
    expect(text).toContain('Exits with 2 when any file has an error; warnings alone exit with 0.');
    for (const verb of ['new', 'comment', 'run', 'workflow run', 'plugins list', 'export', 'init', 'participants add']) {
      expect(text).toContain(`### quorum ${verb}\n`);
    }
  });
});
