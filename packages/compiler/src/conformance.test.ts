import { conditionConformance, type ConditionCases } from '@quorum/conformance';
import { builtinConditions } from './index.js';

const CASES: Record<string, ConditionCases> = {
  all_responded: { valid: [undefined] },
  all_mentioned_responded: { valid: [undefined] },
  consensus: { valid: ['READY', 'CHANGES', 'REJECT'], invalid: ['ready', 'YES', 3, null] },
  rounds: { valid: [1, 3], invalid: [0, -1, 1.5, 'three'] },
  no_open_questions: { valid: [undefined] },
  human_approved: { valid: [undefined] },
  manual: { valid: [undefined] },
  marker: { valid: ['decision', { type: 'risk', min: 2 }], invalid: [3, { min: 2 }, { type: 'risk', min: 0 }] },
  final_design: { valid: [{}, { min_turns: 2, min_facets: 3 }], invalid: [{ min_facets: 12 }, { turns: 2 }, 'x'] },
};

for (const condition of builtinConditions) {
  const cases = CASES[condition.name];
  if (cases === undefined) throw new Error(`no conformance cases for the built-in condition ${condition.name}; add them to conformance.test.ts`);
  conditionConformance(condition.name, condition, cases);
}
