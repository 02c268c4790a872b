import { definePlugin, type MarkerSetV1 } from '@quorum/core';

/** The severities a `RISK(…)` line may carry, lowest first. */
export const RISK_SEVERITIES = ['low', 'medium', 'high'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

/**
 * `RISK(high): …`, `RISK(medium): …`, `RISK(low): …`, and a bare `RISK: …` when the author
 * does not rate it (its argument is then null). Any other argument, `RISK(urgent): …`, makes
 * the line an ordinary line, so a typo never turns into a risk nobody can sort.
 */
export const riskMarkerSet: MarkerSetV1 = {
  specificationVersion: 'v1',
  name: 'risk-markers',
  markers: [
    {
      type: 'risk',
      keywords: ['RISK'],
      label: 'Risks',
      argument: { description: 'severity: low, medium or high', values: RISK_SEVERITIES },
    },
  ],
};

export const riskMarkersPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-risk-markers', version: '1.0.0' },
  markerSets: [riskMarkerSet],
});

export default riskMarkersPlugin;
