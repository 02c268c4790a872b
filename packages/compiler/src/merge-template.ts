import type { Diagnostic } from './diagnostic.js';
import { isRecord, locationOf, type Located, type Origin, type TemplateFile } from './template-file.js';

/** A phase after merging, each field remembering the file and place it was written at. */
export interface PhaseDraft {
  readonly id: string;
  /** `phases.<id>` in the last file that wrote the phase. */
  readonly origin: Origin;
  readonly fields: ReadonlyMap<string, Located>;
}

/** A template after merging its `extends` chain, before defaults and checks. */
export interface TemplateDraft {
  /** The template's own file (the last of the chain). */
  readonly file: TemplateFile;
  /** Top-level settings: id, title, description, participants, voting, provider, budget, initial. */
  readonly fields: ReadonlyMap<string, Located>;
  /** In order: a parent's phases first, then those its child adds. */
  readonly phases: ReadonlyMap<string, PhaseDraft>;
  /** `phases` in the last file that wrote it, for problems about the phases as a whole. */
  readonly phasesOrigin: Origin;
}

// Settings a child replaces as a whole; `extends` and `$schema` belong to each file alone.
const MERGED_SETTINGS = ['id', 'title', 'description', 'participants', 'voting', 'provider', 'budget', 'initial'];

/**
 * Merges a chain of template files (most distant ancestor first): a child's settings and
 * `voting` replace its parent's; a child's phase mapping replaces the fields it names of the
 * parent's phase (`transitions` as a whole) or adds a phase at the end; a phase set to
 * null is removed (an error when no parent has it). The files must have passed the schema.
 */
export function mergeTemplateChain(chain: readonly TemplateFile[]): { draft: TemplateDraft; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fields = new Map<string, Located>();
  const phases = new Map<string, { id: string; origin: Origin; fields: Map<string, Located> }>();
  const leaf = chain.at(-1);
  if (leaf === undefined) throw new RangeError('mergeTemplateChain needs at least one file');
  let phasesOrigin: Origin = { file: leaf, path: [] };
  for (const file of chain) {
    for (const key of MERGED_SETTINGS) {
      if (Object.hasOwn(file.value, key)) fields.set(key, { value: file.value[key], origin: { file, path: [key] } });
    }
    const written = file.value['phases'];
    if (!isRecord(written)) continue;
    phasesOrigin = { file, path: ['phases'] };
    for (const [id, phase] of Object.entries(written)) {
      const origin: Origin = { file, path: ['phases', id] };
      if (phase === null) {
        if (!phases.delete(id)) {
          diagnostics.push({
            severity: 'error',
            code: 'unknown-phase',
            message: `phases.${id} is null, which removes an inherited phase, but no parent template has a phase "${id}"`,
            ...locationOf(origin, [], 'key'),
          });
        }
        continue;
      }
      if (!isRecord(phase)) continue;
      const draft = phases.get(id) ?? { id, origin, fields: new Map<string, Located>() };
      phases.set(id, { ...draft, origin });
      for (const [key, value] of Object.entries(phase)) {
        draft.fields.set(key, { value, origin: { file, path: ['phases', id, key] } });
      }
    }
  }
  return { draft: { file: leaf, fields, phases, phasesOrigin }, diagnostics };
}
