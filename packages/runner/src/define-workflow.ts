import type { WorkflowDocument } from './workflow-schema.js';

/**
 * Types a workflow written in JavaScript or TypeScript; returns it unchanged. A module whose
 * default export is `defineWorkflow({ … })` runs with `quorum workflow run module.mjs`;
 * TypeScript code passes the definition to `runWorkflow(definition, { host, vars })`. The
 * definition is checked exactly as a YAML file is, before anything runs.
 */
export function defineWorkflow<const T extends WorkflowDocument>(definition: T): T {
  return definition;
}
