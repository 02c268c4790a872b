import type { StepKind } from './workflow-schema.js';

/**
 * The shape of what a step gives later steps, so a reference such as
 * `${{ steps.review.votes.REJECT }}` can be checked before anything runs: a `value`, a
 * `list` (index segments allowed: `items.0`), a `record` with known fields, or a `map`
 * whose keys are open (marker types come from plugins; an absent one counts 0).
 */
export type Shape =
  | { readonly kind: 'value'; readonly description: string }
  | { readonly kind: 'list'; readonly description: string }
  | { readonly kind: 'map'; readonly description: string }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Shape>> };

const value = (description: string): Shape => ({ kind: 'value', description });
const list = (description: string): Shape => ({ kind: 'list', description });

/** What every step that touches a discussion (discussion, run, comment) gives: its state after the step. */
const DISCUSSION_FIELDS: Readonly<Record<string, Shape>> = {
  file: value('the discussion file (absolute path)'),
  title: value('the title'),
  template: value('the template id, or null'),
  phase: value('the current phase'),
  status: value('OPEN, or the final status (APPROVED, ACCEPTED, REJECTED…)'),
  final: value('whether the discussion is in a final phase'),
  votes: { kind: 'record', fields: { READY: value('READY votes'), CHANGES: value('CHANGES votes'), REJECT: value('REJECT votes') } },
  consensus: value('READY, CHANGES or REJECT when the votes of the current phase reach an outcome, else null'),
  markers: { kind: 'map', description: 'the number of markers of each type (markers.decision, markers.concern…); 0 when there are none' },
  open_questions: value('questions without an answer'),
  decisions: list('the text of every DECISION: line'),
  final_design: value('the latest FINAL DESIGN block, or null'),
  comments: value('the number of comments'),
};

const SHAPES: Readonly<Record<Exclude<StepKind, 'workflow'>, Shape>> = {
  discussion: { kind: 'record', fields: DISCUSSION_FIELDS },
  run: {
    kind: 'record',
    fields: {
      ...DISCUSSION_FIELDS,
      outcome: value('how the run ended: final, phase, consensus, turn-cap, waiting (for a person) or budget'),
      rounds: value('rounds this step ran'),
      message: value("the engine's sentence on how the run ended"),
    },
  },
  comment: { kind: 'record', fields: { ...DISCUSSION_FIELDS, author: value('who commented'), vote: value('the vote cast, or null') } },
  when: { kind: 'record', fields: { branch: value('then or else'), matched: value('whether the condition held') } },
  foreach: { kind: 'record', fields: { count: value('the number of items'), items: list('the items') } },
  export: {
    kind: 'record',
    fields: {
      file: value('the file written, or the folder for export: files (absolute path)'),
      written: list('export: files — the paths written (new or changed), relative to the folder'),
      refused: list('export: files — the paths refused because they would leave the folder'),
      commit: value('export: files — the git commit made, or null'),
    },
  },
  fail: { kind: 'record', fields: {} },
};

/** The shape of a step's outputs; a `workflow` step's depends on the outputs the called workflow declares. */
export function shapeOf(kind: StepKind, calledOutputs: readonly string[] = []): Shape {
  if (kind !== 'workflow') return SHAPES[kind];
  return {
    kind: 'record',
    fields: {
      outputs: { kind: 'record', fields: Object.fromEntries(calledOutputs.map((name) => [name, value(`the called workflow's ${name} output`)])) },
      dir: value("the called workflow's run folder (absolute path)"),
    },
  };
}
