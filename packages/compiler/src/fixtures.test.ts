// The fixture suite: fixtures/<case>/{template.yaml, expected.json}. expected.json holds the
// events fed to the compiled machine (round results as partial PhaseFacts — the harness
// fills in "nothing happened" for the rest, and a vote count for a bare verdict — or
// {"advance": "<to>"} / {"advance": null, "facts": {...}}) and the phases entered, initial
// first. A case with a plugin.mjs loads it as a plugin. A case without template.yaml names a
// bundled template in expected.json ("template": "feature"), so the bundled templates are
// tested as they ship.
// UPDATE_FIXTURES=1 rewrites each expected.json's phases from the actual run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlugins } from '@quorum/config';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES_DIR } from './bundled-templates-dir.js';
import { compileTemplate } from './compile-template.js';
import { conditionsPlugin } from './conditions-plugin.js';
import { loadTemplate } from './load-template.js';
import { builtinStrategyMap } from './test-helpers/template-project.js';
import { simulate, type FactsPatch, type SimulatedStep } from './test-helpers/simulate-machine.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const update = process.env['UPDATE_FIXTURES'] === '1';

type FixtureEvent = FactsPatch | { advance: string | null; facts?: FactsPatch };
interface Fixture {
  /** A bundled template's id, for a case without template.yaml. */
  readonly template?: string;
  readonly events: FixtureEvent[];
  readonly phases: string[];
}

/** The text of expected.json: one event per line, so diffs stay readable. */
function fixtureText(fixture: Fixture): string {
  const events = fixture.events.map((event) => `    ${JSON.stringify(event)}`).join(',\n');
  const template = fixture.template === undefined ? '' : `  "template": ${JSON.stringify(fixture.template)},\n`;
  return `{\n${template}  "events": [\n${events}\n  ],\n  "phases": ${JSON.stringify(fixture.phases)}\n}\n`;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'expected.json')))
  .map((entry) => entry.name)
  .sort();

describe('fixtures', () => {
  it('has the cases the suite promises, one for each bundled template', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const bundled = readdirSync(BUNDLED_TEMPLATES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
    const covered = cases.map((name) => (JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Fixture).template);
    expect(bundled.filter((id) => !covered.includes(id))).toEqual([]);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(FIXTURES, name);
    const file = join(dir, 'expected.json');
    const text = readFileSync(file, 'utf8');
    const fixture = JSON.parse(text) as Fixture;
    expect(text, 'expected.json is not in the canonical layout').toBe(fixtureText(fixture));
    const builtins = [conditionsPlugin];
    const plugins = existsSync(join(dir, 'plugin.mjs')) ? ['./plugin.mjs'] : [];
    const registry = await loadPlugins({ plugins }, { projectDir: dir, builtins });
    const own = join(dir, 'template.yaml');
    const templateFile = existsSync(own) ? own : join(BUNDLED_TEMPLATES_DIR, `${fixture.template}.yaml`);
    const { template, warnings } = await loadTemplate(templateFile, {
      dirs: [],
      cwd: dir,
      conditions: registry.conditions,
      strategies: builtinStrategyMap,
    });
    expect(warnings).toEqual([]);
    const compiled = compileTemplate(template, { conditions: registry.conditions });
    const steps: SimulatedStep[] = fixture.events.map((event) =>
      'advance' in event ? (event as SimulatedStep) : { round: event as FactsPatch },
    );
    const { phases } = simulate(compiled, steps);
    if (update) {
      writeFileSync(file, fixtureText({ ...fixture, phases }));
      return;
    }
    expect(phases).toEqual(fixture.phases);
  });
});
