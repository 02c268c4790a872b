import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMarkerSet } from './default-marker-set.js';
import { markersPlugin } from './markers-plugin.js';

describe('markersPlugin', () => {
  it('delivers the default marker set under the package name and version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(markersPlugin.specificationVersion).toBe('v1');
    expect(markersPlugin.meta).toEqual({ name: manifest.name, version: manifest.version });
    expect(markersPlugin.markerSets).toEqual([defaultMarkerSet]);
  });

  it('declares lower-case types and unique upper-case keywords', () => {
    const keywords = defaultMarkerSet.markers.flatMap((marker) => marker.keywords);
    expect(new Set(keywords).size).toBe(keywords.length);
    for (const keyword of keywords) expect(keyword).toMatch(/^[A-Z][A-Z0-9]*(?:[-_ ][A-Z0-9]+)*$/);
    for (const marker of defaultMarkerSet.markers) expect(marker.type).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    expect(keywords).not.toContain('VOTE');
  });
});
