import { describe, expect, it } from 'vitest';
import { extractMarkers, markersPlugin } from '@quorum/markers';
import plugin, { riskMarkerSet } from './index.js';

const comment = (text: string) => [{ author: 'AI-Security', text, textLine: 10 }];
const risks = (text: string) =>
  extractMarkers(comment(text), [...(markersPlugin.markerSets ?? []), riskMarkerSet])
    .filter((marker) => marker.type === 'risk')
    .map((marker) => [marker.argument, marker.text]);

describe('the RISK marker', () => {
  it('reads a severity, matched case-insensitively and reported as declared', () => {
    expect(risks('RISK(high): tokens never expire\n- RISK(Medium): retries amplify load\n**RISK(low):** a typo in the log')).toEqual([
      ['high', 'tokens never expire'],
      ['medium', 'retries amplify load'],
      ['low', 'a typo in the log'],
    ]);
  });

  it('takes a bare RISK: as an unrated risk', () => {
    expect(risks('RISK: nobody owns the migration')).toEqual([[null, 'nobody owns the migration']]);
  });

  it('ignores unknown severities, lower-case keywords and code', () => {
    expect(risks('RISK(urgent): not a severity\nrisk(high): lower case\n```\nRISK(high): in a fence\n```\n`RISK(high): in a span`')).toEqual([]);
  });

  it('is a well-formed v1 plugin that contributes only the marker set', () => {
    expect(plugin.specificationVersion).toBe('v1');
    expect(plugin.meta).toEqual({ name: 'quorum-plugin-risk-markers', version: '1.0.0' });
    expect(Object.keys(plugin).sort()).toEqual(['markerSets', 'meta', 'specificationVersion']);
  });
});
