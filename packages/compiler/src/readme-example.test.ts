import { readFileSync } from 'node:fs';
import { describe, expect, it, afterEach } from 'vitest';
import { formatDiagnostic } from './diagnostic.js';
import { validateTemplateFile } from './load-template.js';
import { contextFor, removeTempDirs, tempDir } from './test-helpers/template-project.js';

afterEach(removeTempDirs);

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Writing a template[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('the README\'s "Writing a template" example', () => {
  it('fails exactly as the README says, and loads once the bad transition is removed', async () => {
    const dir = await tempDir({ 'templates/feature.yaml': example });
    const diagnostics = (await validateTemplateFile('templates/feature.yaml', contextFor(dir))).map(formatDiagnostic);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(
      /^templates\/feature\.yaml:\d+:\d+: error: phases\.initial_feedback\.transitions\[1\]\.when uses consensus: REJECT, which can never hold here: votes do not count in phase "initial_feedback"/,
    );
    const fixed = example.replace(/      - to: rejected\n        when: \{ consensus: REJECT \} +# an error here[^\n]*\n/, '');
    expect(fixed).not.toBe(example);
    const valid = await tempDir({ 'templates/feature.yaml': fixed });
    expect(await validateTemplateFile('templates/feature.yaml', contextFor(valid))).toEqual([]);
  });
});
