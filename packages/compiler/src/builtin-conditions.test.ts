import { readFileSync } from 'node:fs';
import { loadPlugins } from '@quorum/config';
import { describe, expect, it } from 'vitest';
import { builtinConditions } from './builtin-conditions.js';
import { conditionsPlugin } from './conditions-plugin.js';
import { builtinConditionMap, factsWith, votesFact } from './test-helpers/template-project.js';

const condition = (name: string) => {
  const found = builtinConditionMap.get(name);
  if (found === undefined) throw new Error(`no condition ${name}`);
  return found;
};
const outline = { id: 'review', voting: false, participants: ['architect'] };

describe('the built-in conditions', () => {
  it('are the documented ones, delivered as a plugin under the package name and version', async () => {
    expect(builtinConditions.map((candidate) => candidate.name)).toEqual([
      'all_responded',
      'all_mentioned_responded',
      'consensus',
      'rounds',
      'no_open_questions',
      'human_approved',
      'manual',
      'marker',
      'final_design',
    ]);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(conditionsPlugin.meta).toEqual({ name: manifest.name, version: manifest.version });
    // The same checks as any third-party plugin, schemas compiled once.
    const registry = await loadPlugins({ plugins: [] }, { projectDir: '/', builtins: [conditionsPlugin] });
    expect([...registry.conditions.keys()]).toEqual(builtinConditions.map((candidate) => candidate.name));
    expect(registry.plugins[0]?.contributes.conditions).toHaveLength(builtinConditions.length);
    for (const builtin of builtinConditions) {
      expect(builtin.specificationVersion).toBe('v1');
      expect(builtin.description).toMatch(/\.$/);
    }
  });

  it('all_responded: every participant of the phase answered', () => {
    const holds = (participants: string[], responded: string[]) =>
      condition('all_responded').evaluate(factsWith({ participants, responded }), undefined);
    expect(holds(['a', 'b'], ['b', 'a', 'c'])).toBe(true);
    expect(holds(['a', 'b'], ['a'])).toBe(false);
    expect(holds([], [])).toBe(true);
  });

  it('all_mentioned_responded: no mention is waiting for an answer', () => {
    expect(condition('all_mentioned_responded').evaluate(factsWith({ pendingMentions: [] }), undefined)).toBe(true);
    expect(condition('all_mentioned_responded').evaluate(factsWith({ pendingMentions: ['security'] }), undefined)).toBe(false);
  });

  it('consensus: the votes reached the outcome; never where votes do not count', () => {
    const consensus = condition('consensus');
    expect(consensus.evaluate(factsWith({ votes: votesFact('READY') }), 'READY')).toBe(true);
    expect(consensus.evaluate(factsWith({ votes: votesFact('READY') }), 'REJECT')).toBe(false);
    expect(consensus.evaluate(factsWith({ votes: votesFact(null) }), 'READY')).toBe(false);
    expect(consensus.evaluate(factsWith({ votes: null }), 'READY')).toBe(false);
    expect(consensus.check?.('READY', outline)).toBe(
      'votes do not count in phase "review" (voting: false), so a consensus is never reached there; set voting: true',
    );
    expect(consensus.check?.('READY', { ...outline, voting: true })).toBeUndefined();
  });

  it('rounds: at least N rounds since the phase was entered', () => {
    expect(condition('rounds').evaluate(factsWith({ rounds: 2 }), 2)).toBe(true);
    expect(condition('rounds').evaluate(factsWith({ rounds: 1 }), 2)).toBe(false);
  });

  it('no_open_questions, human_approved and manual read their fact', () => {
    expect(condition('no_open_questions').evaluate(factsWith({ openQuestions: 0 }), undefined)).toBe(true);
    expect(condition('no_open_questions').evaluate(factsWith({ openQuestions: 2 }), undefined)).toBe(false);
    expect(condition('human_approved').evaluate(factsWith({ humanApproved: true }), undefined)).toBe(true);
    expect(condition('human_approved').evaluate(factsWith(), undefined)).toBe(false);
    expect(condition('manual').evaluate(factsWith({ explicitAdvance: true }), undefined)).toBe(true);
    expect(condition('manual').evaluate(factsWith(), undefined)).toBe(false);
  });

  it('final_design: a FINAL DESIGN block counts only after enough rounds and facets', () => {
    const finalDesign = condition('final_design');
    const debated = { markerCounts: { final_design: 1 }, totalRounds: 4, designFacets: ['architecture', 'storage', 'api', 'cost'] };
    expect(finalDesign.evaluate(factsWith(debated), { min_turns: 4, min_facets: 4 })).toBe(true);
    expect(finalDesign.evaluate(factsWith({ ...debated, totalRounds: 3 }), { min_turns: 4, min_facets: 4 })).toBe(false);
    expect(finalDesign.evaluate(factsWith({ ...debated, designFacets: ['cost'] }), { min_turns: 4, min_facets: 2 })).toBe(false);
    expect(finalDesign.evaluate(factsWith({ ...debated, markerCounts: {} }), undefined)).toBe(false);
    expect(finalDesign.evaluate(factsWith({ markerCounts: { final_design: 2 } }), undefined)).toBe(true);
  });

  it('marker: enough markers of the type, one by default', () => {
    const marker = condition('marker');
    const facts = factsWith({ markerCounts: { decision: 2 } });
    expect(marker.evaluate(facts, 'decision')).toBe(true);
    expect(marker.evaluate(facts, 'risk')).toBe(false);
    expect(marker.evaluate(facts, { type: 'decision' })).toBe(true);
    expect(marker.evaluate(facts, { type: 'decision', min: 2 })).toBe(true);
    expect(marker.evaluate(facts, { type: 'decision', min: 3 })).toBe(false);
  });
});
