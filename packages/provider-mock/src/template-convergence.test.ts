import { describe, expect, it } from 'vitest';
import { createSimulatedProvider } from './simulated-provider.js';
import { simulateTemplate, TEMPLATE_SHAPES } from './test-helpers/template-simulator.js';

const GOOD_ENDS: Readonly<Record<string, string>> = {
  feature: 'ACCEPTED',
  'code-review': 'APPROVED',
  adr: 'ACCEPTED',
  brainstorm: 'DECIDED',
  'design-debate': 'ACCEPTED',
  'delivery-pipeline': 'DELIVERED',
};
const RUNS = 40;

describe('simulated personas in the bundled templates', () => {
  it.each(Object.keys(TEMPLATE_SHAPES))('%s ends in a final phase within its budgets, nearly always the accepting one', async (template) => {
    const provider = createSimulatedProvider();
    const statuses: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await simulateTemplate(template, provider, `${template}-${run}.md`);
      expect(result.invalidReplies).toEqual([]);
      expect(result.status, `run ${run}: ${result.phases.join(' -> ')}`).toBeDefined();
      statuses.push(result.status ?? '');
    }
    const good = statuses.filter((status) => status === GOOD_ENDS[template]).length;
    expect(good / RUNS, statuses.join(', ')).toBeGreaterThanOrEqual(0.9);
  });

  it('runs a design debate to an accepted FINAL DESIGN at the third Dreamer turn', async () => {
    const result = await simulateTemplate('design-debate', createSimulatedProvider(), 'whiteboard.md');
    expect(result.phases).toEqual(['dreamer_turn', 'cost_cutter_turn', 'dreamer_turn', 'cost_cutter_turn', 'dreamer_turn', 'final_review', 'accepted']);
  });

  it('sends a code review back once after CHANGES, and the follow-up closes the requested items', async () => {
    const provider = createSimulatedProvider();
    let seen = false;
    for (let run = 0; run < RUNS && !seen; run++) {
      const result = await simulateTemplate('code-review', provider, `review-${run}.md`);
      const index = result.phases.indexOf('follow_up');
      if (index === -1) continue;
      seen = true;
      expect(result.phases.slice(index)).toEqual(['follow_up', 'verdict', 'approved']);
      expect(result.comments.some((comment) => /^DONE\(T\d+\):/m.test(comment.text))).toBe(true);
    }
    expect(seen).toBe(true);
  });

  it('sends delivery work back to implementation once on the tester\'s concern, then delivers', async () => {
    const result = await simulateTemplate('delivery-pipeline', createSimulatedProvider(), 'pipeline.md');
    expect(result.phases.filter((phase) => phase === 'testing')).toHaveLength(2);
    expect(result.phases.at(-1)).toBe('delivered');
  });
});
