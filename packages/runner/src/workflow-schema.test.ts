import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValidator, loadYamlDocument, schemaFileText } from '@quorum/config';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseWorkflowFile } from './load-workflow.js';
import { schemaFiles } from './schema-files.js';
import { removeTemporaryFolders, temporaryFolder } from './test-helpers/fake-host.js';
import { formatWorkflowDiagnostic } from './workflow-errors.js';
import { workflowJsonSchema, workflowSchema } from './workflow-schema.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/workflows/', import.meta.url));

afterEach(removeTemporaryFolders);

/** The diagnostics of a workflow file with this text, as `quorum workflow validate` prints them. */
async function problems(text: string): Promise<string[]> {
  const dir = await temporaryFolder({ 'flow.yaml': text });
  const { diagnostics } = await analyseWorkflowFile('flow.yaml', { cwd: dir });
  return diagnostics.map(formatWorkflowDiagnostic);
}

describe('the workflow schema', () => {
  it('is what schemas/workflow.schema.json holds', async () => {
    const checkedIn = await readFile(new URL('../../../schemas/workflow.schema.json', import.meta.url), 'utf8').catch(() => '(missing)');
    expect(checkedIn, 'schemas/workflow.schema.json is stale; run npm run schemas').toBe(schemaFileText(workflowJsonSchema));
    expect(schemaFiles).toEqual([{ file: 'workflow.schema.json', schema: workflowJsonSchema }]);
  });

  it('accepts every example, in zod and in the generated JSON Schema alike', async () => {
    const validate = createValidator(workflowJsonSchema);
    const files = (await readdir(EXAMPLES)).filter((file) => file.endsWith('.yaml'));
    expect(files.sort()).toEqual(['daily-debate.yaml', 'delivery.yaml', 'fan-out.yaml', 'release-gate.yaml']);
    for (const file of files) {
      const { value } = loadYamlDocument(await readFile(path.join(EXAMPLES, file), 'utf8'), file, { kind: 'workflow' });
      expect(workflowSchema.safeParse(value).success, file).toBe(true);
      expect(validate(value).ok, file).toBe(true);
    }
  });

  it('refuses in the JSON Schema what zod refuses', () => {
    const validate = createValidator(workflowJsonSchema);
    const bad: unknown[] = [
      { steps: [] },
      { steps: [{ id: 'a' }] },
      { steps: [{ id: 'a', run: 'b', comment: 'c' }] },
      { steps: [{ id: 'a', runn: 'b' }] },
      { steps: [{ id: '1a', fail: 'x' }] },
      { steps: [{ id: 'a', foreach: ['x'], parallel: 0, steps: [{ id: 'b', fail: 'x' }] }] },
      { steps: [{ id: 'a', run: 'b', until: 'forever' }] },
      { steps: [{ id: 'a', when: 'x', then: [{ id: 'b', bogus: 1 }] }] },
      { steps: [{ id: 'a', export: 'everything', to: 'x' }] },
      { name: 'Has Capitals', steps: [{ id: 'a', fail: 'x' }] },
      { vars: { 'bad name': 'x' }, steps: [{ id: 'a', fail: 'x' }] },
    ];
    for (const value of bad) {
      expect(workflowSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
      expect(validate(value).ok, JSON.stringify(value)).toBe(false);
    }
  });
});

describe('schema problems', () => {
  it('name a misspelt step kind with "did you mean", at the key', async () => {
    expect(await problems('steps:\n  - id: a\n    runn: b\n')).toEqual(['flow.yaml:3:5: error: steps[0].runn is not a known key (did you mean "run"?)']);
  });

  it('judge a step as the kind it has, not as every kind it is not', async () => {
    const text = ['steps:', '  - id: talk', '    discussion: { title: T }', '  - id: go', '    run: talk', '    until: forevr', '    max_turns: 0', '    provder: mock', ''].join('\n');
    expect(await problems(text)).toEqual([
      'flow.yaml:6:12: error: steps[1].until must be final, consensus, max_turns or { phase: <phase id> }',
      'flow.yaml:7:16: error: steps[1].max_turns must be at least 1',
      'flow.yaml:8:5: error: steps[1].provder is not a known key (did you mean "provider"?)',
    ]);
  });

  it('say when a step has no kind or two', async () => {
    expect(await problems('steps:\n  - id: a\n    max_turns: 2\n')).toEqual([
      'flow.yaml:2:5: error: steps[0] has no kind; give it one of discussion, run, comment, when, foreach, export, workflow, fail',
    ]);
    expect(await problems('steps:\n  - id: a\n    run: b\n    fail: c\n')).toEqual([
      'flow.yaml:4:5: error: steps[0] has both run and fail; a step does one thing (one of discussion, run, comment, when, foreach, export, workflow, fail)',
    ]);
  });

  it('find problems in nested steps and name missing keys in full', async () => {
    const text = ['steps:', '  - id: gate', '    when: true', '    then:', '      - fail: no id', '      - id: bad id', '        fail: x', ''].join('\n');
    expect(await problems(text)).toEqual([
      'flow.yaml:5:9: error: steps[0].then[0].id is required',
      'flow.yaml:6:13: error: steps[0].then[1].id must be a name: a letter or "_", then letters, digits, "_" or "-"',
    ]);
  });

  it('suggest keys of the discussion body and the top level', async () => {
    const text = ['stepz: []', 'steps:', '  - id: a', '    discussion:', '      titel: T', ''].join('\n');
    expect(await problems(text)).toEqual([
      'flow.yaml:1:1: error: stepz is not a known key (did you mean "steps"?)',
      'flow.yaml:5:7: error: steps[0].discussion.titel is not a known key (did you mean "title"?)',
    ]);
  });

  it('report YAML that does not parse, and files that are not there, in one sentence', async () => {
    expect(await problems('steps:\n  - id: a\n  - id: a\n    id: b\n')).toEqual(['flow.yaml:4:5: error: the key "id" appears twice in the same mapping']);
    const dir = await temporaryFolder();
    const { diagnostics } = await analyseWorkflowFile('missing.yaml', { cwd: dir });
    expect(diagnostics.map(formatWorkflowDiagnostic)).toEqual(['missing.yaml: error: the workflow file does not exist']);
  });
});
