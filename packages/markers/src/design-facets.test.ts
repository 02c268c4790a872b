import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESIGN_FACETS, designFacets } from './design-facets.js';

describe('designFacets', () => {
  it('finds the facets a text covers by whole words, any case, in the list order', () => {
    expect(designFacets('Put a Redis CACHE in front of the API; deploy it with a canary.')).toEqual(['storage', 'api', 'deployment']);
    expect(designFacets('The monitoring dashboard shows queue latency.')).toEqual(['data-flow', 'scalability', 'observability']);
  });

  it('leaves out the facets it is told are known', () => {
    expect(designFacets('Put a Redis CACHE in front of the API.', new Set(['storage']))).toEqual(['api']);
  });

  it('does not match inside longer words', () => {
    expect(designFacets('Rapid restoration of costumes; a loader and a uxorious monitorial storey.')).toEqual([]);
  });

  it('finds every facet from any of its words, whatever surrounds it', () => {
    const word = fc.constantFrom(...DESIGN_FACETS.flatMap((facet) => facet.words.map((w) => [facet.id, w] as const)));
    fc.assert(
      fc.property(word, fc.constantFrom('', 'We need ', '(', '- '), fc.constantFrom('', '.', ' now', ')'), ([id, w], before, after) => {
        expect(designFacets(`${before}${w.toUpperCase()}${after}`)).toContain(id);
      }),
    );
  });
});
