import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseWorkflowText, prepareWorkflow } from './load-workflow.js';
import { FakeHost, removeTemporaryFolders, temporaryFolder } from './test-helpers/fake-host.js';
import { formatWorkflowDiagnostic, WorkflowError } from './workflow-errors.js';

afterEach(removeTemporaryFolders);

const host = new FakeHost();
const describeTemplate = (name: string) => host.describeTemplate(name);

/** The diagnostics of `lines` as a workflow file `flow.yaml`, formatted. */
async function problems(lines: readonly string[], cwd = '/project'): Promise<string[]> {
  const { diagnostics } = await analyseWorkflowText(`${lines.join('\n')}\n`, 'flow.yaml', { cwd, describeTemplate });
  return diagnostics.map(formatWorkflowDiagnostic);
}

describe('references', () => {
  it('are checked before anything runs: steps, fields, vars and item, each at the reference', async () => {
    expect(
      await problems([
        'vars:',
        '  topic: caching',
        'steps:',
        '  - id: talk',
        '    discussion:',
        '      title: "${{ vars.topc }}"',
        '      template: review',
        '  - id: go',
        '    run: talk',
        '  - id: note',
        '    fail: "${{ steps.go.stauts }} and ${{ steps.tlak.status }} and ${{ item }}"',
      ]),
    ).toEqual([
      'flow.yaml:6:19: error: vars.topc is not declared (did you mean "topic"?); the declared vars are topic',
      'flow.yaml:11:16: error: steps.go has no field "stauts" (did you mean "status"?); it has file, title, template, phase, status, final, votes, consensus, markers, open_questions, decisions, final_design, comments, outcome, rounds, message',
      'flow.yaml:11:43: error: steps.tlak: no step has the id "tlak" (did you mean "talk"?)',
      'flow.yaml:11:72: error: item is only defined inside the steps of a foreach',
    ]);
  });

  it('see only steps that ran before, in this step list or an enclosing one', async () => {
    expect(
      await problems([
        'steps:',
        '  - id: first',
        '    fail: "${{ steps.later.status }}"',
        '  - id: gate',
        '    when: steps.gate.branch == "then" || steps.inside.file != null',
        '    then:',
        '      - id: inside',
        '        discussion: { title: "${{ steps.first.title }}" }',
        '  - id: later',
        '    discussion: { title: "${{ steps.inside.title }}" }',
      ]),
    ).toEqual([
      'flow.yaml:3:16: error: steps.later: step later runs after this point, so its values are not known here',
      'flow.yaml:5:11: error: steps.gate: this is inside step gate, whose values are known only once it has finished',
      'flow.yaml:5:42: error: steps.inside: step inside is inside a when branch or a foreach that does not contain this point, so its values are not known here',
      'flow.yaml:8:35: error: steps.first has no field "title"',
      'flow.yaml:10:31: error: steps.inside: step inside is inside a when branch or a foreach that does not contain this point, so its values are not known here',
    ]);
  });

  it('want a field, not a group of them', async () => {
    expect(
      await problems([
        'steps:',
        '  - id: talk',
        '    discussion: { title: T }',
        '  - id: say',
        '    fail: "${{ steps.talk }} ${{ steps.talk.votes }} ${{ steps.talk.markers }} ${{ steps.talk.votes.MAYBE }} ${{ steps.talk.markers.risk }} ${{ steps.talk.decisions.0 }}"',
      ]),
    ).toEqual([
      'flow.yaml:5:16: error: steps.talk is a group of values; name one of them: steps.talk.file, steps.talk.title, steps.talk.template, steps.talk.phase, steps.talk.status, steps.talk.final, steps.talk.votes, steps.talk.consensus, steps.talk.markers, steps.talk.open_questions, steps.talk.decisions, steps.talk.final_design, steps.talk.comments',
      'flow.yaml:5:34: error: steps.talk.votes is a group of values; name one of them: steps.talk.votes.READY, steps.talk.votes.CHANGES, steps.talk.votes.REJECT',
      'flow.yaml:5:58: error: steps.talk.markers counts markers by type; name one, such as steps.talk.markers.decision',
      'flow.yaml:5:84: error: steps.talk.votes has no field "MAYBE"; it has READY, CHANGES, REJECT',
    ]);
  });

  it('check run:, comment: and export: targets, kinds and required fields', async () => {
    expect(
      await problems([
        'steps:',
        '  - id: talk',
        '    discussion: { title: T, template: review }',
        '  - id: go',
        '    run: tlak',
        '  - id: again',
        '    run: go',
        '  - id: say',
        '    comment: talk',
        '    vote: MAYBE',
        '  - id: save',
        '    export: discussion',
        '    to: ../outside.md',
        '  - id: twice',
        '    comment: talk',
        '    text: a',
        '    stdin: true',
        '  - id: until',
        '    run: talk',
        '    until: { phase: verdcit }',
        '  - id: capped',
        '    run: talk',
        '    until: max_turns',
      ]),
    ).toEqual([
      'flow.yaml:5:10: error: run: no step has the id "tlak" (did you mean "talk"?)',
      'flow.yaml:7:10: error: run: step go is a run step; name the id of a discussion step',
      'flow.yaml:10:11: error: "MAYBE" is not a vote; use READY, CHANGES or REJECT',
      'flow.yaml:11:5: error: export: discussion needs discussion: <the id of a discussion step>',
      'flow.yaml:13:9: error: export.to "../outside.md" must be a relative path inside the run folder',
      'flow.yaml:17:5: error: give the comment\'s text with one of text, file or stdin, not text and stdin',
      'flow.yaml:20:21: error: template review has no phase "verdcit" (did you mean "verdict"?); its phases are review, verdict, approved',
      'flow.yaml:23:12: error: until: max_turns needs max_turns: N',
    ]);
  });

  it('report duplicate ids, unknown templates and invalid expressions', async () => {
    expect(
      await problems([
        'steps:',
        '  - id: talk',
        '    discussion: { title: T, template: reveiw }',
        '  - id: talk',
        "    when: steps.x = 'y'",
        '    then: [{ id: stop, fail: "${{ vars.a" }]',
      ]),
    ).toEqual([
      'flow.yaml:3:39: error: template reveiw cannot be used: unknown template "reveiw"',
      'flow.yaml:4:9: error: step id "talk" is already used on line 2; every step needs its own id',
      'flow.yaml:5:19: error: invalid expression: "=" is not an operator; compare with "=="',
      'flow.yaml:6:31: error: invalid expression: "${{" has no closing "}}"',
    ]);
  });

  it('name the path instead of a line for a definition given in code', async () => {
    const error = await prepareWorkflow({ steps: [{ id: 'a', fail: '${{ steps.b.status }}' }] }, { cwd: '/project', file: 'deploy.ts' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).message).toBe('deploy.ts: steps[0].fail: steps.b: no step has the id "b"');
  });

  it('check called workflows: their problems, their vars, their outputs, and cycles', async () => {
    const dir = await temporaryFolder({
      'child.yaml': ['vars:', '  topic: { description: what }', '  depth: 2', 'outputs:', '  result: "${{ vars.topic }}"', 'steps:', '  - id: a', '    fail: x', ''].join('\n'),
      'broken.yaml': 'steps:\n  - id: a\n    fial: x\n',
      'loop.yaml': 'steps:\n  - id: back\n    workflow: flow.yaml\n',
    });
    expect(
      await problems(
        [
          'steps:',
          '  - id: call',
          '    workflow: child.yaml',
          '    vars: { topik: x }',
          '  - id: use',
          '    fail: "${{ steps.call.outputs.result }} ${{ steps.call.outputs.other }}"',
          '  - id: bad',
          '    workflow: broken.yaml',
          '  - id: cycle',
          '    workflow: loop.yaml',
        ],
        dir,
      ),
    ).toEqual([
      'flow.yaml:3:15: error: the called workflow needs vars.topic, which have no default; give it under vars:',
      'flow.yaml:4:13: error: the called workflow declares no var "topik" (did you mean "topic"?); it has topic, depth',
      'flow.yaml:6:49: error: steps.call.outputs has no field "other"; it has result',
      'flow.yaml:8:15: error: the workflow called here (broken.yaml) has problems, listed below',
      'flow.yaml:10:15: error: the workflow called here (loop.yaml) has problems, listed below',
      'broken.yaml:3:5: error: steps[0].fial is not a known key (did you mean "fail"?)',
      'loop.yaml:3:15: error: flow.yaml calls back into a workflow that is already running (flow.yaml -> loop.yaml -> flow.yaml); workflows cannot call themselves',
    ]);
  });
});

describe('the reference check (property)', () => {
  const STEP_IDS = ['a', 'b', 'c', 'd', 'e'];
  const VAR_NAMES = ['topic', 'count', 'mode'];
  const reference = fc.oneof(
    fc.constantFrom(...VAR_NAMES, 'topc', 'other').map((name) => ({ kind: 'var' as const, name })),
    fc.constantFrom(...STEP_IDS, 'zz').map((name) => ({ kind: 'step' as const, name })),
  );
  const workflow = fc.record({
    vars: fc.subarray(VAR_NAMES),
    steps: fc.uniqueArray(fc.constantFrom(...STEP_IDS), { minLength: 1, maxLength: 5 }).chain((ids) =>
      fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), references: fc.array(reference, { maxLength: 3 }) }))),
    ),
  });

  it('reports every reference to an undefined step or var at its line and column, and no other', async () => {
    await fc.assert(
      fc.asyncProperty(workflow, async ({ vars, steps }) => {
        const lines = ['vars:', ...(vars.length === 0 ? ['  {}'] : vars.map((name) => `  ${name}: x`)), 'steps:'];
        const expected: string[] = [];
        steps.forEach((step, index) => {
          const texts = step.references.map((ref) => (ref.kind === 'var' ? `vars.${ref.name}` : `steps.${ref.name}.status`));
          const title = `T ${texts.map((text) => `\${{ ${text} }}`).join(' and ')}`;
          lines.push(`  - id: ${step.id}`, '    discussion:', `      title: "${title}"`);
          const line = lines.length;
          let from = 0;
          step.references.forEach((ref, n) => {
            const at = title.indexOf(texts[n]!, from);
            from = at + 1;
            const defined = ref.kind === 'var' ? vars.includes(ref.name) : steps.slice(0, index).some((earlier) => earlier.id === ref.name);
            if (!defined) expected.push(`${line}:${15 + at}:${ref.kind === 'var' ? 'unknown-var' : 'unknown-step'}`);
          });
        });
        const { diagnostics } = await analyseWorkflowText(`${lines.join('\n')}\n`, 'flow.yaml', { cwd: '/project' });
        expect(diagnostics.map((d) => `${d.line}:${d.column}:${d.code}`)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws for any text in an expression, only reports it', async () => {
    const piece = fc.constantFrom('steps', 'vars', 'item', '.', 'a', 'b', 'topic', '==', '!=', '&&', '||', '!', '(', ')', "'", '"', ' ', '0', '}}', '${{', '-', 'status', 'votes', 'READY');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.boolean(), async (pieces, asCondition) => {
        const expression = pieces.join('');
        const value = JSON.stringify(asCondition ? expression : `\${{ ${expression} }}`);
        const text = ['vars: { topic: x }', 'steps:', '  - id: a', '    discussion: { title: T }', '  - id: b', `    ${asCondition ? 'when' : 'fail'}: ${value}`, ...(asCondition ? ['    then: [{ id: c, fail: x }]'] : []), ''].join('\n');
        const { diagnostics } = await analyseWorkflowText(text, 'flow.yaml', { cwd: '/project' });
        for (const diagnostic of diagnostics) {
          expect(diagnostic.message).not.toBe('');
          expect(diagnostic.file).toBe('flow.yaml');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('workflow modules', () => {
  it('load a JavaScript module\'s default export, checked with paths in place of lines', async () => {
    const { analyseWorkflowFile } = await import('./load-workflow.js');
    const dir = await temporaryFolder({
      'good.mjs': "export default { name: 'nightly', steps: [{ id: 'talk', discussion: { title: 'T' } }, { id: 'say', comment: 'talk', text: '${{ steps.talk.status }}' }] };\n",
      'bad.mjs': "export default { steps: [{ id: 'say', comment: 'talk', text: 'x' }] };\n",
      'none.mjs': 'export const steps = [];\n',
      'flow.ts': 'export default {};\n',
    });
    const good = await analyseWorkflowFile('good.mjs', { cwd: dir });
    expect(good.diagnostics).toEqual([]);
    expect(good.workflow?.name).toBe('nightly');
    const messages = async (file: string) => (await analyseWorkflowFile(file, { cwd: dir })).diagnostics.map(formatWorkflowDiagnostic);
    expect(await messages('bad.mjs')).toEqual(['bad.mjs: error: steps[0].comment: comment: no step has the id "talk"']);
    expect(await messages('none.mjs')).toEqual(['none.mjs: error: the module has no default export; export default defineWorkflow({ … })']);
    expect(await messages('flow.ts')).toEqual([
      'flow.ts: error: a TypeScript workflow is run from your own code with runWorkflow(definition, { host, vars }); quorum workflow reads .yaml, .yml, .json, .js and .mjs files',
    ]);
  });
});
