import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_TEMPLATES_DIR, findTemplates, type ResolvedTemplate } from '@quorum/compiler';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli-io.js';
import { debateProject } from '../src/debate/debate-project.js';
import { templateWithSides, templateYaml } from '../src/debate/debate-template.js';
import { loadNamedTemplate } from '../src/load-named-template.js';
import { withProviderHints } from '../src/persona-hints.js';
import { Project } from '../src/project.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function emptyProject(): Promise<{ dir: string; project: Project; errors: string[] }> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'quorum-debate-template-')));
  made.push(dir);
  const errors: string[] = [];
  const io: CliIo = { cwd: dir, env: {}, stdinIsTty: false, out: () => undefined, err: (text) => errors.push(text), readStdin: async () => '' };
  return { dir, project: new Project(io, undefined), errors };
}

function withoutFile(template: ResolvedTemplate): Omit<ResolvedTemplate, 'file'> {
  const { file: _file, ...rest } = template;
  return rest;
}

describe('the debate template with other personas in its seats', () => {
  it('puts the chosen aliases in the participants and the @mentions, and nowhere else', async () => {
    const { project } = await emptyProject();
    const template = await loadNamedTemplate(project, 'design-debate');
    const swapped = templateWithSides(template, { dreamer: 'architect', costCutter: 'pragmatist' });
    expect(swapped.participants).toEqual(['architect', 'pragmatist', 'visualizer']);
    const phase = (id: string) => swapped.phases.find((candidate) => candidate.id === id)!;
    expect(phase('dreamer_turn').participants).toEqual(['architect']);
    expect(phase('cost_cutter_turn').participants).toEqual(['pragmatist']);
    expect(phase('dreamer_turn').instructions).toContain('Q: @pragmatist line');
    expect(phase('closing').instructions).toContain('@pragmatist: write the FINAL DESIGN block');
    expect(phase('closing').instructions).toContain('@architect: while no FINAL DESIGN block');
    const text = JSON.stringify(swapped.phases.map((p) => [p.goal, p.instructions, p.callout, p.participants]));
    expect(text).not.toMatch(/@dreamer|@cost-cutter|"dreamer"|"cost-cutter"/);
    // Phase ids and prose stay as the template has them.
    expect(swapped.phases.map((p) => p.id)).toEqual(template.phases.map((p) => p.id));
    expect(phase('dreamer_turn').instructions).toContain("the Cost Cutter's last objection");
  });

  it('is found before the bundled one through the debate\'s view of the project, and loads back as written', async () => {
    const { dir, project } = await emptyProject();
    const template = await loadNamedTemplate(project, 'design-debate');
    const swapped = templateWithSides(template, { dreamer: 'architect', costCutter: 'pragmatist' });
    await writeFile(path.join(dir, 'design-debate.yaml'), templateYaml(swapped, 'The template as this debate ran it.'));
    const scoped = debateProject(project, { templateDir: dir });
    const loaded = await loadNamedTemplate(scoped, 'design-debate');
    expect(loaded.file).toBe(path.join(dir, 'design-debate.yaml'));
    expect(withoutFile(loaded)).toEqual(withoutFile(swapped));
    // The project itself still sees the bundled template.
    expect((await loadNamedTemplate(project, 'design-debate')).participants).toEqual(['dreamer', 'cost-cutter', 'visualizer']);
  });

  it('writes every bundled template so that it loads back the same', async () => {
    const { dir, project } = await emptyProject();
    for (const listing of await findTemplates([BUNDLED_TEMPLATES_DIR])) {
      const template = await loadNamedTemplate(project, listing.id);
      const file = path.join(dir, `${listing.id}.yaml`);
      await writeFile(file, templateYaml(template, `A copy of ${listing.id}.\nSecond line.`));
      expect(withoutFile(await loadNamedTemplate(project, file)), listing.id).toEqual(withoutFile(template));
    }
  });

  it("gives the named personas the run's provider hints, and only them", async () => {
    const { project } = await emptyProject();
    const personas = withProviderHints(await project.personas(), { dreamer: 'openai:gpt-4o-mini' });
    expect(personas.get('dreamer')!.persona).toMatchObject({ provider: 'openai:gpt-4o-mini', model: undefined });
    expect(personas.byAuthor('AI-Dreamer')!.persona.provider).toBe('openai:gpt-4o-mini');
    expect(personas.list().find((registered) => registered.persona.alias === 'dreamer')!.persona.provider).toBe('openai:gpt-4o-mini');
    expect(personas.get('visualizer')!.persona.provider).toBe((await project.personas()).get('visualizer')!.persona.provider);
    expect((await project.personas()).get('dreamer')!.persona.provider).not.toBe('openai:gpt-4o-mini');
  });
});
