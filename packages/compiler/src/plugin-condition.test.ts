import { join } from 'node:path';
import { loadConfig, loadPlugins } from '@quorum/config';
import { afterEach, describe, expect, it } from 'vitest';
import { compileTemplate } from './compile-template.js';
import { conditionsPlugin } from './conditions-plugin.js';
import { formatDiagnostic } from './diagnostic.js';
import { evaluateCondition } from './evaluate-condition.js';
import { loadTemplate, validateTemplateFile } from './load-template.js';
import { builtinStrategyMap, factsWith, removeTempDirs, tempDir } from './test-helpers/template-project.js';
import { simulate } from './test-helpers/simulate-machine.js';

afterEach(removeTempDirs);

const QUORUM_OF_PLUGIN = `export default {
  specificationVersion: 'v1',
  meta: { name: 'quorum-of', version: '1.0.0' },
  conditions: [
    {
      specificationVersion: 'v1',
      name: 'quorum_of',
      description: 'At least min_voters participants answered in the last round.',
      optionsSchema: {
        type: 'object',
        properties: { min_voters: { type: 'integer', minimum: 1, default: 2 } },
      },
      check: (options, phase) =>
        phase.participants.length > 0 && options.min_voters > phase.participants.length
          ? 'phase "' + phase.id + '" has only ' + phase.participants.length + ' participants'
          : undefined,
      evaluate: (facts, options) => facts.responded.length >= options.min_voters,
    },
  ],
};
`;

const template = (when: string) => `id: quorum
title: Quorum
description: Moves on when enough participants answered.
participants: [architect, security, pragmatist]
initial: gather
phases:
  gather:
    title: Gather
    transitions:
      - to: done
        when: ${when}
    on_max_rounds: done
  done:
    title: Done
    final: CLOSED
`;

/** A project with the plugin in its config; the conditions the registry then holds. */
async function project(when: string) {
  const dir = await tempDir({
    'package.json': '{ "name": "project", "private": true }\n',
    'quorum.config.yaml': 'plugins: [./quorum-of.mjs]\ntemplates:\n  dirs: [flows]\n',
    'quorum-of.mjs': QUORUM_OF_PLUGIN,
    'flows/quorum.yaml': template(when),
  });
  const { config, projectDir, source } = await loadConfig({ cwd: dir });
  const registry = await loadPlugins(config, { projectDir, builtins: [conditionsPlugin], source });
  const context = {
    dirs: config.templates.dirs.map((templates) => join(projectDir, templates)),
    cwd: dir,
    conditions: registry.conditions,
    strategies: builtinStrategyMap,
  };
  return { dir, registry, context };
}

describe('a condition a plugin adds', () => {
  it('is usable in a template, with its options checked and defaults filled', async () => {
    const { registry, context } = await project('{ quorum_of: { min_voters: 3 } }');
    expect(registry.plugins.map((plugin) => plugin.meta.name)).toEqual(['@quorum/compiler', 'quorum-of']);
    const { template } = await loadTemplate('quorum', context);
    const when = template.phases[0]?.transitions[0]?.when;
    expect(when).toEqual({ name: 'quorum_of', options: { min_voters: 3 } });
    if (when === undefined) return;
    expect(evaluateCondition(when, factsWith({ responded: ['architect', 'security'] }), registry.conditions)).toBe(false);
    expect(evaluateCondition(when, factsWith({ responded: ['architect', 'security', 'pragmatist'] }), registry.conditions)).toBe(true);
    const compiled = compileTemplate(template, { conditions: registry.conditions });
    expect(simulate(compiled, [{ round: { responded: ['architect'] } }, { round: { responded: ['architect', 'security', 'pragmatist'] } }]).phases).toEqual(['gather', 'done']);
  });

  it('may be written as a bare name when its options all have defaults', async () => {
    const { context } = await project('quorum_of');
    const { template } = await loadTemplate('quorum', context);
    expect(template.phases[0]?.transitions[0]?.when).toEqual({ name: 'quorum_of', options: { min_voters: 2 } });
  });

  it('has its options checked against its schema, located, with "did you mean"', async () => {
    const wrongType = await project('{ quorum_of: { min_voters: many } }');
    expect((await validateTemplateFile('flows/quorum.yaml', wrongType.context)).map(formatDiagnostic)).toEqual([
      'flows/quorum.yaml:11:42: error: phases.gather.transitions[0].when.quorum_of.min_voters must be an integer',
    ]);
    const misspelt = await project('{ quorum_of: { min_voter: 3 } }');
    expect((await validateTemplateFile('flows/quorum.yaml', misspelt.context)).map(formatDiagnostic)).toEqual([
      'flows/quorum.yaml:11:30: error: phases.gather.transitions[0].when.quorum_of.min_voter is not a known key (did you mean "min_voters"?)',
    ]);
  });

  it('has its own static check run', async () => {
    const { context } = await project('{ quorum_of: { min_voters: 4 } }');
    expect((await validateTemplateFile('flows/quorum.yaml', context)).map(formatDiagnostic)).toEqual([
      'flows/quorum.yaml:11:17: error: phases.gather.transitions[0].when uses quorum_of: {min_voters: 4}, which can never hold here: phase "gather" has only 3 participants',
    ]);
  });

  it('is unknown without its plugin, with "did you mean"', async () => {
    const { context } = await project('{ quorum_off: { min_voters: 3 } }');
    expect((await validateTemplateFile('flows/quorum.yaml', context)).map(formatDiagnostic)).toEqual([
      'flows/quorum.yaml:11:17: error: phases.gather.transitions[0].when names an unknown condition "quorum_off" (did you mean "quorum_of"?)',
    ]);
  });
});
