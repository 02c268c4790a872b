import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, TemplateError } from './diagnostic.js';
import { loadTemplate, validateTemplateFile } from './load-template.js';
import type { TemplateContext } from './resolved-template.js';
import { contextFor, removeTempDirs, tempDir } from './test-helpers/template-project.js';

afterEach(removeTempDirs);

const FEATURE = `id: feature
title: Feature discussion
description: Plan a feature.
participants: [architect, security]
initial: draft
phases:
  draft:
    title: Draft
    goal: Gather ideas
    instructions: |
      Say what could go wrong.
    transitions:
      - to: review
        when: all_responded
    on_max_rounds: review
  review:
    title: Review
    voting: true
    max_rounds: 2
    callout: Vote now.
    transitions:
      - to: accepted
        when: { consensus: READY }
      - to: draft
        when: { consensus: CHANGES }
    on_max_rounds: closed
  accepted:
    title: Accepted
    final: ACCEPTED
  closed:
    title: Closed
    final: CLOSED
`;

/** Every diagnostic of `templates/<file>` in a project holding `files`, one line each. */
async function diagnosticsOf(
  files: Record<string, string>,
  file = 'templates/feature.yaml',
  overrides: Partial<TemplateContext> = {},
): Promise<string[]> {
  const dir = await tempDir(files);
  return (await validateTemplateFile(file, contextFor(dir, overrides))).map(formatDiagnostic);
}

/** The diagnostics of FEATURE with `edit` applied. */
async function diagnosticsOfEdited(edit: (text: string) => string, overrides: Partial<TemplateContext> = {}) {
  const edited = edit(FEATURE);
  expect(edited, 'the edit changed nothing').not.toBe(FEATURE);
  return diagnosticsOf({ 'templates/feature.yaml': edited }, 'templates/feature.yaml', overrides);
}

async function loadError(files: Record<string, string>, ref: string, overrides: Partial<TemplateContext> = {}) {
  const dir = await tempDir(files);
  const error: unknown = await loadTemplate(ref, contextFor(dir, overrides)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TemplateError);
  expect((error as TemplateError).code).toBe('TEMPLATE_INVALID');
  expect((error as TemplateError).exitCode).toBe(2);
  return error as TemplateError;
}

describe('loadTemplate', () => {
  it('loads a template by id, filling every default', async () => {
    const dir = await tempDir({ 'templates/feature.yaml': FEATURE });
    const { template, warnings } = await loadTemplate('feature', contextFor(dir));
    expect(warnings).toEqual([]);
    expect(template).toEqual({
      id: 'feature',
      title: 'Feature discussion',
      description: 'Plan a feature.',
      file: join(dir, 'templates/feature.yaml'),
      participants: ['architect', 'security'],
      voting: { strategy: 'threshold', options: {} },
      provider: null,
      budget: { maxCost: null, maxTokens: null },
      initial: 'draft',
      phases: [
        {
          id: 'draft',
          title: 'Draft',
          goal: 'Gather ideas',
          instructions: 'Say what could go wrong.\n',
          participants: ['architect', 'security'],
          voting: false,
          votingRule: null,
          voteReset: false,
          maxRounds: 3,
          callout: null,
          transitions: [{ to: 'review', when: { name: 'all_responded' } }],
          onMaxRounds: 'review',
          final: null,
        },
        {
          id: 'review',
          title: 'Review',
          goal: '',
          instructions: '',
          participants: ['architect', 'security'],
          voting: true,
          votingRule: null,
          voteReset: true,
          maxRounds: 2,
          callout: 'Vote now.',
          transitions: [
            { to: 'accepted', when: { name: 'consensus', options: 'READY' } },
            { to: 'draft', when: { name: 'consensus', options: 'CHANGES' } },
          ],
          onMaxRounds: 'closed',
          final: null,
        },
        {
          id: 'accepted',
          title: 'Accepted',
          goal: '',
          instructions: '',
          participants: ['architect', 'security'],
          voting: false,
          votingRule: null,
          voteReset: false,
          maxRounds: 3,
          callout: null,
          transitions: [],
          onMaxRounds: null,
          final: 'ACCEPTED',
        },
        {
          id: 'closed',
          title: 'Closed',
          goal: '',
          instructions: '',
          participants: ['architect', 'security'],
          voting: false,
          votingRule: null,
          voteReset: false,
          maxRounds: 3,
          callout: null,
          transitions: [],
          onMaxRounds: null,
          final: 'CLOSED',
        },
      ],
    });
  });

  it('loads a template by path, relative to the working directory, .yml too', async () => {
    const dir = await tempDir({ 'flows/my-flow.yml': FEATURE.replace('id: feature', 'id: my-flow') });
    const { template } = await loadTemplate('flows/my-flow.yml', contextFor(dir));
    expect(template.id).toBe('my-flow');
    expect(template.file).toBe(join(dir, 'flows/my-flow.yml'));
  });

  it('takes the first directory that has the id', async () => {
    const dir = await tempDir({
      'project/feature.yaml': FEATURE.replace('title: Feature discussion', 'title: Our feature flow'),
      'templates/feature.yaml': FEATURE,
    });
    const { template } = await loadTemplate('feature', contextFor(dir, { dirs: ['project', 'templates'] }));
    expect(template.title).toBe('Our feature flow');
  });

  it('checks voting options against the strategy, keeping them as written', async () => {
    const dir = await tempDir({
      'templates/feature.yaml': FEATURE.replace(
        'initial: draft',
        'voting:\n  strategy: threshold\n  options: { threshold_ready: 0.8 }\ninitial: draft',
      ),
    });
    const { template } = await loadTemplate('feature', contextFor(dir));
    expect(template.voting).toEqual({ strategy: 'threshold', options: { threshold_ready: 0.8 } });
  });

  it('reports an unknown id with "did you mean" or the known ids', async () => {
    const typo = await loadError({ 'templates/feature.yaml': FEATURE }, 'featur');
    expect(typo.message).toBe('unknown template "featur" (did you mean "feature"?)');
    const other = await loadError({ 'templates/feature.yaml': FEATURE }, 'debate');
    expect(other.message).toBe('unknown template "debate" (known: feature)');
    const none = await loadError({}, 'debate');
    expect(none.message).toBe('unknown template "debate" (no template directory holds any template)');
  });

  it('reports a missing file', async () => {
    const error = await loadError({}, './nowhere.yaml');
    expect(error.message).toBe('nowhere.yaml: the template file does not exist');
  });

  it('throws every error at once, the first in the message', async () => {
    const error = await loadError(
      {
        'templates/feature.yaml': FEATURE.replace('- to: review', '- to: reveiw').replace(
          'on_max_rounds: closed',
          'on_max_rounds: clsoed',
        ),
      },
      'feature',
    );
    expect(error.message).toBe(
      'templates/feature.yaml:13:13: phases.draft.transitions[0].to names an unknown phase "reveiw" (did you mean "review"?)',
    );
    expect(error.diagnostics.map(formatDiagnostic)).toEqual([
      'templates/feature.yaml:13:13: error: phases.draft.transitions[0].to names an unknown phase "reveiw" (did you mean "review"?)',
      'templates/feature.yaml:26:20: error: phases.review.on_max_rounds names an unknown phase "clsoed" (did you mean "closed"?)',
      'templates/feature.yaml:30:3: warning: phase "closed" cannot be reached from the initial phase "draft"',
    ]);
  });
});

describe('validateTemplateFile reports', () => {
  it('nothing for a good template', async () => {
    expect(await diagnosticsOf({ 'templates/feature.yaml': FEATURE })).toEqual([]);
  });

  it('schema problems, located, with "did you mean" for unknown keys', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text
          .replace('    goal: Gather ideas', '    gaol: Gather ideas')
          .replace('max_rounds: 2', 'max_rounds: 0')
          .replace('voting: true', 'voting: yes')
          .replace('final: CLOSED', 'final: closed'),
      ),
    ).toEqual([
      'templates/feature.yaml:9:5: error: phases.draft.gaol is not a known key (did you mean "goal"?)',
      'templates/feature.yaml:18:13: error: phases.review.voting must be a boolean or an object',
      'templates/feature.yaml:19:17: error: phases.review.max_rounds must be at least 1',
      'templates/feature.yaml:32:12: error: phases.closed.final must match the pattern ^[A-Z][A-Z_]*$',
    ]);
  });

  it('a missing required key and a bad id', async () => {
    expect(
      await diagnosticsOfEdited((text) => text.replace('id: feature', 'id: Feature').replace('title: Feature discussion\n', '')),
    ).toEqual([
      'templates/feature.yaml:1:1: error: title is required',
      'templates/feature.yaml:1:5: error: id must match the pattern ^[a-z][a-z0-9-]*$',
    ]);
  });

  it('a phase id that cannot be one', async () => {
    expect(await diagnosticsOfEdited((text) => text.replace('  closed:\n', '  Closed-Phase:\n'))).toEqual([
      'templates/feature.yaml:30:3: error: phases has an invalid key "Closed-Phase"',
    ]);
  });

  it('an id that differs from the file name', async () => {
    expect(await diagnosticsOfEdited((text) => text.replace('id: feature', 'id: features'))).toEqual([
      'templates/feature.yaml:1:5: error: id "features" must equal the file name "feature": templates in a template directory are found by file name',
    ]);
  });

  it('unknown phase references, with "did you mean" or the phases', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('initial: draft', 'initial: drfat').replace('on_max_rounds: review', 'on_max_rounds: voting_round'),
      ),
    ).toEqual([
      'templates/feature.yaml:5:10: error: initial names an unknown phase "drfat" (did you mean "draft"?)',
      'templates/feature.yaml:15:20: error: phases.draft.on_max_rounds names an unknown phase "voting_round" (phases: draft, review, accepted, closed)',
    ]);
  });

  it('unknown conditions, with "did you mean"', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('when: all_responded', 'when: all_respondd').replace('when: { consensus: READY }', 'when: { consensu: READY }'),
      ),
    ).toEqual([
      'templates/feature.yaml:14:15: error: phases.draft.transitions[0].when names an unknown condition "all_respondd" (did you mean "all_responded"?)',
      'templates/feature.yaml:23:17: error: phases.review.transitions[0].when names an unknown condition "consensu" (did you mean "consensus"?)',
    ]);
  });

  it('condition options that fail the condition\'s schema', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text
          .replace('when: { consensus: READY }', 'when: { consensus: DONE }')
          .replace('when: all_responded', 'when: { all: [all_responded, { rounds: 0 }, { marker: { type: decision, mn: 2 } }] }'),
      ),
    ).toEqual([
      'templates/feature.yaml:14:48: error: phases.draft.transitions[0].when.all[1].rounds must be at least 1',
      'templates/feature.yaml:14:81: error: phases.draft.transitions[0].when.all[2].marker.mn is not a known key (did you mean "min"?)',
      'templates/feature.yaml:23:28: error: phases.review.transitions[0].when.consensus must be "READY", "CHANGES" or "REJECT"',
    ]);
  });

  it('options given to a condition that takes none, and none given to one that needs them', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('when: all_responded', 'when: { all_responded: true }').replace('when: { consensus: READY }', 'when: consensus'),
      ),
    ).toEqual([
      'templates/feature.yaml:14:32: error: phases.draft.transitions[0].when gives options to all_responded, which takes none; write it as the bare name all_responded',
      'templates/feature.yaml:23:15: error: phases.review.transitions[0].when names consensus without its options; write { consensus: <options> }',
    ]);
  });

  it('conditions of the wrong shape', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text
          .replace('when: all_responded', 'when: { all_responded: null, no_open_questions: null }')
          .replace('when: { consensus: READY }', 'when: { any: [] }')
          .replace('when: { consensus: CHANGES }', 'when: { not: [manual] }'),
      ),
    ).toEqual([
      'templates/feature.yaml:14:38: error: phases.draft.transitions[0].when has 2 keys (all_responded, no_open_questions), but a condition mapping has one: combine conditions with all: [...] or any: [...]',
      'templates/feature.yaml:23:22: error: phases.review.transitions[0].when.any must be a non-empty list of conditions',
      'templates/feature.yaml:25:22: error: phases.review.transitions[1].when.not takes one condition, not a list (use not: { any: [...] })',
    ]);
    expect(await diagnosticsOfEdited((text) => text.replace('when: all_responded', 'when: {}'))).toEqual([
      'templates/feature.yaml:14:15: error: phases.draft.transitions[0].when is an empty mapping; write a condition name, or { name: options }',
    ]);
    expect(await diagnosticsOfEdited((text) => text.replace('when: all_responded', 'when: 42'))).toEqual([
      'templates/feature.yaml:14:15: error: phases.draft.transitions[0].when must be a string or an object',
    ]);
  });

  it('a consensus where votes do not count, and rounds beyond the budget', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('voting: true', 'voting: false').replace('when: all_responded', 'when: { any: [all_responded, { rounds: 4 }] }'),
      ),
    ).toEqual([
      'templates/feature.yaml:14:40: error: phases.draft.transitions[0].when.any[1] uses rounds: 4, which can never hold here: phase "draft" has at most 3 rounds (max_rounds)',
      'templates/feature.yaml:23:17: error: phases.review.transitions[0].when uses consensus: READY, which can never hold here: votes do not count in phase "review" (voting: false), so a consensus is never reached there; set voting: true',
      'templates/feature.yaml:25:17: error: phases.review.transitions[1].when uses consensus: CHANGES, which can never hold here: votes do not count in phase "review" (voting: false), so a consensus is never reached there; set voting: true',
    ]);
  });

  it('an unknown voting strategy and bad strategy options', async () => {
    expect(
      await diagnosticsOfEdited((text) => text.replace('initial: draft', 'voting: { strategy: thresold }\ninitial: draft')),
    ).toEqual([
      'templates/feature.yaml:5:21: error: voting.strategy names an unknown voting strategy "thresold" (did you mean "threshold"?)',
    ]);
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('initial: draft', 'voting:\n  strategy: majority\n  options: { human_required: 1, quorum: 2 }\ninitial: draft'),
      ),
    ).toEqual([
      'templates/feature.yaml:7:30: error: voting.options.human_required must be a boolean',
      'templates/feature.yaml:7:33: error: voting.options.quorum is not a known key (known keys: human_required)',
    ]);
  });

  it('unknown participants when the personas are known', async () => {
    const participants = new Set(['architect', 'security', 'pragmatist']);
    expect(
      await diagnosticsOfEdited(
        (text) =>
          text.replace('participants: [architect, security]', 'participants: [architect, secuirty]').replace(
            '    voting: true\n',
            '    voting: true\n    participants: [pragmatist, moderator]\n',
          ),
        { participants },
      ),
    ).toEqual([
      'templates/feature.yaml:4:27: error: participants[1] names an unknown participant "secuirty" (did you mean "security"?)',
      'templates/feature.yaml:19:32: error: phases.review.participants[1] names an unknown participant "moderator" (known: architect, security, pragmatist)',
    ]);
    // Without a list of personas, participants are not checked.
    expect(await diagnosticsOfEdited((text) => text.replace('[architect, security]', '[anyone]'))).toEqual([]);
  });

  it('a phase that cannot be reached, as a warning', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace(
          '  accepted:\n',
          '  parked:\n    title: Parked\n    transitions: [{ to: accepted, when: manual }]\n    on_max_rounds: closed\n  accepted:\n',
        ),
      ),
    ).toEqual(['templates/feature.yaml:27:3: warning: phase "parked" cannot be reached from the initial phase "draft"']);
  });

  it('a missing on_max_rounds, and a phase no final phase can be reached from', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace(
          '  accepted:\n',
          '  loop:\n    title: Loop\n    transitions: [{ to: loop, when: manual }]\n  accepted:\n',
        ).replace('when: { consensus: CHANGES }', 'when: { consensus: CHANGES }\n      - to: loop\n        when: manual'),
      ),
    ).toEqual([
      'templates/feature.yaml:29:3: error: phase "loop" needs on_max_rounds: the phase to go to when its 3 rounds are spent without a transition firing',
      'templates/feature.yaml:29:3: error: no final phase can be reached from phase "loop"',
    ]);
  });

  it('a final phase that moves on', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('    final: ACCEPTED\n', '    final: ACCEPTED\n    transitions: [{ to: draft, when: manual }]\n    on_max_rounds: closed\n'),
      ),
    ).toEqual([
      'templates/feature.yaml:30:5: error: phases.accepted.transitions must be empty: phase "accepted" is final (final: ACCEPTED) and ends the discussion',
      'templates/feature.yaml:31:5: error: phases.accepted.on_max_rounds is not allowed: phase "accepted" is final (final: ACCEPTED) and ends the discussion',
    ]);
  });

  it('no final phase at all', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text
          .replace('    final: ACCEPTED\n', '    on_max_rounds: draft\n')
          .replace('    final: CLOSED\n', '    on_max_rounds: accepted\n'),
      ),
    ).toEqual([
      'templates/feature.yaml:6:1: error: the template has no final phase (a phase with final: STATUS), so no discussion could end',
      'templates/feature.yaml:15:20: error: phases draft -> review -> closed -> accepted -> draft lead to each other by on_max_rounds alone, so once their rounds are spent the discussion would go round them forever',
    ]);
  });

  it('a cycle of on_max_rounds alone', async () => {
    expect(
      await diagnosticsOfEdited((text) =>
        text.replace('on_max_rounds: review', 'on_max_rounds: review').replace('on_max_rounds: closed', 'on_max_rounds: draft'),
      ),
    ).toEqual([
      'templates/feature.yaml:15:20: error: phases draft -> review -> draft lead to each other by on_max_rounds alone, so once their rounds are spent the discussion would go round them forever',
      'templates/feature.yaml:30:3: warning: phase "closed" cannot be reached from the initial phase "draft"',
    ]);
  });

  it('a phase without a title, a template without an initial phase or phases', async () => {
    expect(
      await diagnosticsOfEdited((text) => text.replace('    title: Closed\n', '    goal: Close\n').replace('initial: draft\n', '')),
    ).toEqual([
      'templates/feature.yaml:1:1: error: initial is required: name the phase discussions start in',
      'templates/feature.yaml:29:3: error: phases.closed.title is required',
    ]);
    expect(
      await diagnosticsOf({ 'templates/empty.yaml': 'id: empty\ntitle: Empty\ndescription: ""\ninitial: a\n' }, 'templates/empty.yaml'),
    ).toEqual([
      'templates/empty.yaml:1:1: error: the template has no phases',
      'templates/empty.yaml:4:10: error: initial names an unknown phase "a"',
    ]);
  });

  it('a manual phase is fine', async () => {
    expect(
      await diagnosticsOfEdited((text) => text.replace('when: all_responded', 'when: manual')),
    ).toEqual([]);
  });
});

describe('YAML safety', () => {
  it.each([
    ['a duplicate key', (text: string) => text.replace('    goal: Gather ideas\n', '    goal: Gather ideas\n    goal: again\n'), 'templates/feature.yaml:10:5: error: the key "goal" appears twice in the same mapping'],
    ['a tag', (text: string) => text.replace('title: Feature discussion', 'title: !!js/function "return 1"'), 'templates/feature.yaml:2:8: error: the tag !!js/function is not allowed; template files use plain YAML without tags'],
    ['a custom tag', (text: string) => text.replace('title: Feature discussion', 'title: !shell "rm -rf /"'), 'templates/feature.yaml:2:8: error: the tag !shell is not allowed; template files use plain YAML without tags'],
    ['a second document', (text: string) => `${text}---\nid: other\n`, 'templates/feature.yaml:33:1: error: the file holds more than one YAML document (a second "---"); a template file holds one'],
    ['a syntax error', (text: string) => text.replace('participants: [architect, security]', 'participants: [architect, security'), /^templates\/feature\.yaml:5:\d+: error: invalid YAML: /],
  ])('refuses %s', async (_name, edit, expected) => {
    const [diagnostic, ...rest] = await diagnosticsOfEdited(edit);
    expect(rest).toEqual([]);
    if (typeof expected === 'string') expect(diagnostic).toBe(expected);
    else expect(diagnostic).toMatch(expected);
  });

  it('refuses a "billion laughs" document', async () => {
    const lines = ['id: feature', 'title: Laughs', 'description: &a0 "lol"'];
    for (let i = 1; i < 12; i++) lines.push(`d${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const [diagnostic] = await diagnosticsOf({ 'templates/feature.yaml': `${lines.join('\n')}\n` });
    expect(diagnostic).toMatch(/^templates\/feature\.yaml:4:\d+: error: aliases expand to more than 100 copies/);
  });

  it('keeps __proto__ an ordinary (and invalid) key', async () => {
    expect(
      await diagnosticsOfEdited((text) => text.replace('  closed:\n', '  __proto__:\n    title: Polluted\n    final: CLOSED\n  closed:\n')),
    ).toEqual(['templates/feature.yaml:30:3: warning: phase "__proto__" cannot be reached from the initial phase "draft"']);
    expect(({} as { title?: string }).title).toBeUndefined();
  });
});

describe('extends', () => {
  const CHILD = `id: careful-feature
title: Careful feature
description: A feature with a security review.
extends: feature
participants: [architect, security, pragmatist]
voting: { strategy: majority }
phases:
  review:
    max_rounds: 3
    transitions:
      - to: security_review
        when: { consensus: READY }
      - to: draft
        when: { consensus: CHANGES }
  security_review:
    title: Security review
    participants: [security]
    transitions:
      - to: accepted
        when: all_responded
    on_max_rounds: closed
  closed: null
  rejected:
    title: Rejected
    final: REJECTED
`;

  it('merges settings and phases: override, change a field, add, remove', async () => {
    const dir = await tempDir({
      'templates/feature.yaml': FEATURE,
      'templates/careful-feature.yaml': CHILD.replace('on_max_rounds: closed', 'on_max_rounds: rejected').concat(
        '  draft:\n    on_max_rounds: rejected\n',
      ),
    });
    // review's on_max_rounds still names closed, which the child removed.
    const error = await loadTemplate('careful-feature', contextFor(dir)).catch((thrown: unknown) => thrown);
    expect((error as TemplateError).diagnostics.map(formatDiagnostic)).toEqual([
      'templates/feature.yaml:26:20: error: phases.review.on_max_rounds names an unknown phase "closed" (phases: draft, review, accepted, security_review, rejected)',
    ]);
    const fixed = CHILD.replace('on_max_rounds: closed', 'on_max_rounds: rejected').replace(
      '    max_rounds: 3\n',
      '    max_rounds: 3\n    on_max_rounds: rejected\n',
    );
    const project = await tempDir({ 'templates/feature.yaml': FEATURE, 'templates/careful-feature.yaml': fixed });
    const { template, warnings } = await loadTemplate('careful-feature', contextFor(project));
    expect(warnings).toEqual([]);
    expect(template.id).toBe('careful-feature');
    expect(template.file).toBe(join(project, 'templates/careful-feature.yaml'));
    expect(template.participants).toEqual(['architect', 'security', 'pragmatist']);
    expect(template.voting).toEqual({ strategy: 'majority', options: {} });
    expect(template.initial).toBe('draft');
    expect(template.phases.map((phase) => phase.id)).toEqual(['draft', 'review', 'accepted', 'security_review', 'rejected']);
    const review = template.phases[1];
    // Fields the child names replace the parent's; the others are inherited.
    expect(review).toMatchObject({ title: 'Review', voting: true, maxRounds: 3, callout: 'Vote now.', onMaxRounds: 'rejected' });
    expect(review?.transitions.map((transition) => transition.to)).toEqual(['security_review', 'draft']);
    // Inherited phases take the child's default participants.
    expect(template.phases[0]?.participants).toEqual(['architect', 'security', 'pragmatist']);
    expect(template.phases[3]?.participants).toEqual(['security']);
  });

  it('locates problems in the file that holds the value', async () => {
    expect(
      await diagnosticsOf(
        {
          'templates/feature.yaml': FEATURE.replace('when: all_responded', 'when: all_respondd'),
          'templates/careful-feature.yaml': CHILD.replace('when: all_responded', 'when: { consensus: READY }'),
        },
        'templates/careful-feature.yaml',
      ),
    ).toEqual([
      'templates/careful-feature.yaml:20:17: error: phases.security_review.transitions[0].when uses consensus: READY, which can never hold here: votes do not count in phase "security_review" (voting: false), so a consensus is never reached there; set voting: true',
      'templates/careful-feature.yaml:21:20: error: phases.security_review.on_max_rounds names an unknown phase "closed" (phases: draft, review, accepted, security_review, rejected)',
      'templates/feature.yaml:14:15: error: phases.draft.transitions[0].when names an unknown condition "all_respondd" (did you mean "all_responded"?)',
      'templates/feature.yaml:26:20: error: phases.review.on_max_rounds names an unknown phase "closed" (phases: draft, review, accepted, security_review, rejected)',
      'templates/careful-feature.yaml:23:3: warning: phase "rejected" cannot be reached from the initial phase "draft"',
    ]);
  });

  it('extends by a path relative to the file', async () => {
    const dir = await tempDir({
      'shared/base.yaml': FEATURE.replace('id: feature', 'id: base'),
      'flows/child.yaml': 'id: child\ntitle: Child\ndescription: ""\nextends: ../shared/base.yaml\nphases:\n  draft:\n    max_rounds: 5\n',
    });
    const { template } = await loadTemplate('flows/child.yaml', contextFor(dir));
    expect(template.phases[0]?.maxRounds).toBe(5);
    expect(template.phases).toHaveLength(4);
  });

  it('lets a template extend the one it shadows', async () => {
    const dir = await tempDir({
      'project/feature.yaml': 'id: feature\ntitle: Our feature\ndescription: ""\nextends: feature\nphases:\n  draft:\n    max_rounds: 1\n',
      'templates/feature.yaml': FEATURE,
    });
    const { template } = await loadTemplate('feature', contextFor(dir, { dirs: ['project', 'templates'] }));
    expect(template.title).toBe('Our feature');
    expect(template.phases[0]?.maxRounds).toBe(1);
  });

  it('refuses an unknown parent, with "did you mean"', async () => {
    expect(
      await diagnosticsOf(
        { 'templates/feature.yaml': FEATURE, 'templates/careful-feature.yaml': CHILD.replace('extends: feature', 'extends: featur') },
        'templates/careful-feature.yaml',
      ),
    ).toEqual([
      'templates/careful-feature.yaml:4:10: error: extends names an unknown template "featur" (did you mean "feature"?)',
    ]);
    expect(
      await diagnosticsOf(
        { 'templates/careful-feature.yaml': CHILD.replace('extends: feature', 'extends: ./base.yaml') },
        'templates/careful-feature.yaml',
      ),
    ).toEqual([
      'templates/careful-feature.yaml:4:10: error: extends names a file that does not exist: templates/base.yaml',
    ]);
  });

  it('refuses a cycle, naming the chain', async () => {
    expect(
      await diagnosticsOf(
        {
          'templates/a.yaml': 'id: a\ntitle: A\ndescription: ""\nextends: b\n',
          'templates/b.yaml': 'id: b\ntitle: B\ndescription: ""\nextends: c\n',
          'templates/c.yaml': 'id: c\ntitle: C\ndescription: ""\nextends: b\n',
        },
        'templates/a.yaml',
      ),
    ).toEqual(['templates/c.yaml:4:10: error: extends forms a cycle: a -> b -> c -> b']);
    expect(
      await diagnosticsOf({ 'templates/self.yaml': 'id: self\ntitle: S\ndescription: ""\nextends: ./self.yaml\n' }, 'templates/self.yaml'),
    ).toEqual(['templates/self.yaml:4:10: error: extends forms a cycle: self -> self']);
  });

  it('refuses removing a phase no parent has', async () => {
    expect(
      await diagnosticsOf(
        { 'templates/feature.yaml': FEATURE, 'templates/careful-feature.yaml': CHILD.replace('closed: null', 'cloosed: null') },
        'templates/careful-feature.yaml',
      ),
    ).toEqual([
      'templates/careful-feature.yaml:22:3: error: phases.cloosed is null, which removes an inherited phase, but no parent template has a phase "cloosed"',
      'templates/careful-feature.yaml:23:3: warning: phase "rejected" cannot be reached from the initial phase "draft"',
    ]);
  });

  it('reports schema problems of the parent too', async () => {
    expect(
      await diagnosticsOf(
        { 'templates/feature.yaml': FEATURE.replace('max_rounds: 2', 'max_round: 2'), 'templates/careful-feature.yaml': CHILD },
        'templates/careful-feature.yaml',
      ),
    ).toEqual(['templates/feature.yaml:19:5: error: phases.review.max_round is not a known key (did you mean "max_rounds"?)']);
  });
});

describe('findTemplates and isTemplatePath', () => {
  it('tells paths from ids', async () => {
    const { isTemplatePath } = await import('./find-templates.js');
    expect(['feature', 'design-debate'].map(isTemplatePath)).toEqual([false, false]);
    expect(['./feature', 'flows/feature', 'flows\\feature', 'feature.yaml', 'feature.YML'].map(isTemplatePath)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('lists every template once, the first directory winning, invalid files marked', async () => {
    const { findTemplates } = await import('./find-templates.js');
    const dir = await tempDir({
      'project/feature.yaml': FEATURE.replace('title: Feature discussion', 'title: Ours'),
      'project/broken.yaml': 'id: broken\ntitle: [unclosed\n',
      'project/notes.md': '# not a template\n',
      'templates/feature.yaml': FEATURE,
      'templates/feature.yml': FEATURE,
      'templates/debate.yml': 'id: debate\ntitle: Debate\ndescription: Two personas argue.\n',
      'templates/renamed.yaml': 'id: other\ntitle: Renamed\ndescription: ""\n',
      'templates/Bad Name.yaml': 'id: bad\ntitle: Bad\ndescription: ""\n',
    });
    const listings = await findTemplates([join(dir, 'project'), join(dir, 'missing'), join(dir, 'templates')]);
    expect(listings.map(({ id, title }) => [id, title])).toEqual([
      ['Bad Name', '(invalid)'],
      ['broken', '(invalid)'],
      ['debate', 'Debate'],
      ['feature', 'Ours'],
      ['renamed', '(invalid)'],
    ]);
    expect(listings[2]).toEqual({
      id: 'debate',
      title: 'Debate',
      description: 'Two personas argue.',
      file: join(dir, 'templates/debate.yml'),
    });
    expect(listings[3]?.file).toBe(join(dir, 'project/feature.yaml'));
    expect(listings[1]?.description).toMatch(/^\/.*\/project\/broken\.yaml:3:1: invalid YAML: /);
    expect(listings[4]?.description).toBe(`${join(dir, 'templates/renamed.yaml')}:1:5: id must equal the file name "renamed", not "other"`);
    expect(listings[0]?.description).toBe('the file name "Bad Name.yaml" does not make a template id (/^[a-z][a-z0-9-]*$/)');
  });
});

describe('a phase with its own voting rule', () => {
  const withRule = (rule: string) =>
    FEATURE.replace('    voting: true\n', '')
      .replace('id: feature\n', 'id: feature\nvoting: { strategy: threshold, options: { threshold_ready: 0.67, human_required: true } }\n')
      .replace('    max_rounds: 2\n', `    voting: ${rule}\n    max_rounds: 2\n`);

  it('counts votes with its options over the template\'s, or with another strategy', async () => {
    const dir = await tempDir({ 'templates/feature.yaml': withRule('{ options: { threshold_ready: 0.5 } }') });
    const { template } = await loadTemplate('feature', contextFor(dir));
    const review = template.phases.find((phase) => phase.id === 'review')!;
    expect([review.voting, review.voteReset, review.votingRule]).toEqual([true, true, { strategy: 'threshold', options: { threshold_ready: 0.5, human_required: true } }]);
    expect(template.phases.find((phase) => phase.id === 'draft')!.votingRule).toBeNull();

    const other = await tempDir({ 'templates/feature.yaml': withRule('{ strategy: unanimous }') });
    const unanimous = (await loadTemplate('feature', contextFor(other))).template.phases.find((phase) => phase.id === 'review')!;
    expect(unanimous.votingRule).toEqual({ strategy: 'unanimous', options: {} });
  });

  it('checks the rule like the template\'s, located in the phase', async () => {
    expect(await diagnosticsOfEdited((text) => text.replace('    voting: true\n', '    voting: { options: { threshold_redy: 0.5 } }\n'))).toEqual([
      'templates/feature.yaml:18:26: error: phases.review.voting.options.threshold_redy is not a known key (did you mean "threshold_ready"?)',
    ]);
  });
});
