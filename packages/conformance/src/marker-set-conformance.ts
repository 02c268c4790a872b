import type { Marker, MarkerDefinitionV1, MarkerSetV1 } from '@quorum/core';
import { assert, registerChecks, type ConformanceCheck } from './conformance-check.js';

/**
 * The host's marker scan (`extractMarkers` from @quorum/markers), passed in because marker
 * sets only declare keywords: finding them is the host's job, and the suite checks that the
 * declaration means what its author expects once the host reads it.
 */
export type ExtractMarkers = (
  comments: readonly { readonly author: string; readonly text: string; readonly textLine: number }[],
  markerSets: readonly MarkerSetV1[],
) => readonly Marker[];

export interface MarkerSetHost {
  readonly extractMarkers: ExtractMarkers;
}

const KEYWORD_PATTERN = /^[A-Z][A-Z0-9]*(?:[-_ ][A-Z0-9]+)*$/;

/** Every keyword with the definition it opens (the first one, as the host reads them). */
function keywordsOf(markerSet: MarkerSetV1): [string, MarkerDefinitionV1][] {
  const seen = new Map<string, MarkerDefinitionV1>();
  for (const definition of markerSet.markers) for (const keyword of definition.keywords) if (!seen.has(keyword)) seen.set(keyword, definition);
  return [...seen];
}

/** The checks of {@link markerSetConformance}, as plain functions. */
export function markerSetChecks(markerSet: MarkerSetV1, host: MarkerSetHost): ConformanceCheck[] {
  const scan = (text: string) => host.extractMarkers([{ author: 'AI-Architect', text, textLine: 10 }], [markerSet]);
  const bare = (definition: MarkerDefinitionV1) => definition.argument?.required !== true;
  return [
    {
      name: 'declares specificationVersion v1, a name, and markers with lower-case types, upper-case keywords and labels',
      run: () => {
        assert(markerSet.specificationVersion === 'v1', `specificationVersion is ${JSON.stringify(markerSet.specificationVersion)}, not "v1"`);
        assert(/^[a-z][a-z0-9-]*$/.test(markerSet.name), `the set's name ${JSON.stringify(markerSet.name)} is not lowercase letters, digits and "-"`);
        assert(markerSet.markers.length > 0, 'the set declares no markers');
        const types = new Set<string>();
        const keywords = new Set<string>();
        for (const definition of markerSet.markers) {
          assert(/^[a-z][a-z0-9_-]*$/.test(definition.type), `the marker type ${JSON.stringify(definition.type)} is not lower-case`);
          assert(!types.has(definition.type), `the marker type ${definition.type} is declared twice`);
          types.add(definition.type);
          assert(typeof definition.label === 'string' && definition.label.trim() !== '', `the marker ${definition.type} has no label`);
          assert(definition.keywords.length > 0, `the marker ${definition.type} has no keywords`);
          for (const keyword of definition.keywords) {
            assert(KEYWORD_PATTERN.test(keyword), `the keyword ${JSON.stringify(keyword)} of ${definition.type} is not upper-case words (the host never matches it)`);
            assert(!keywords.has(keyword), `the keyword ${keyword} is declared twice`);
            keywords.add(keyword);
          }
          const values = definition.argument?.values;
          if (values !== undefined) assert(values.length > 0, `the argument of ${definition.type} declares an empty list of values (no line could match)`);
        }
      },
    },
    {
      name: 'each keyword is found at the start of a line, also after a list bullet or a quote mark, with the rest of the line as its text',
      run: () => {
        for (const [keyword, definition] of keywordsOf(markerSet)) {
          const argument = definition.argument === undefined || bare(definition) ? '' : `(${definition.argument.values?.[0] ?? 'x'})`;
          for (const prefix of ['', '- ', '> ', '1. ']) {
            const found = scan(`Intro line.\n${prefix}${keyword}${argument}: the text\nOutro ${keyword}: not a marker`);
            assert(found.length === 1, `"${prefix}${keyword}${argument}: the text" gave ${found.length} markers, not 1 (a keyword in mid-line must not count)`);
            const marker = found[0]!;
            assert(marker.type === definition.type && marker.keyword === keyword, `"${keyword}:" was read as ${marker.type}/${marker.keyword}`);
            assert(marker.text === 'the text', `"${keyword}:" gave the text ${JSON.stringify(marker.text)}`);
            assert(marker.line === 11, `"${keyword}:" on the comment's second line was reported on line ${marker.line}, not 11`);
          }
        }
      },
    },
    {
      name: 'a keyword inside fenced code or a code span is never a marker',
      run: () => {
        for (const [keyword, definition] of keywordsOf(markerSet)) {
          const argument = definition.argument === undefined || bare(definition) ? '' : `(${definition.argument.values?.[0] ?? 'x'})`;
          const line = `${keyword}${argument}: inside code`;
          for (const text of ['```\n' + line + '\n```', '~~~ts\n' + line + '\n~~~', '    ```\n' + line + '\n    ```', '`' + line + '`', '`code` ' + line]) {
            const found = scan(text);
            assert(found.length === 0, `${JSON.stringify(text)} gave a ${found[0]?.type} marker; code is never a marker`);
          }
        }
      },
    },
    {
      name: 'arguments follow the declaration: none when none is declared, declared values only, required ones required',
      run: () => {
        for (const [keyword, definition] of keywordsOf(markerSet)) {
          const found = (text: string) => scan(text).filter((marker) => marker.keyword === keyword);
          const declared = definition.argument;
          if (declared === undefined) {
            assert(found(`${keyword}(something): text`).length === 0, `${keyword} declares no argument, yet "${keyword}(something): text" is a marker`);
            assert(found(`${keyword}: text`)[0]?.argument === null, `${keyword}: without an argument must report the argument null`);
            continue;
          }
          const bareMarkers = found(`${keyword}: text`);
          if (declared.required === true) assert(bareMarkers.length === 0, `${keyword} requires an argument, yet "${keyword}: text" is a marker`);
          else assert(bareMarkers[0]?.argument === null, `${keyword} takes an optional argument, yet "${keyword}: text" is not a marker with the argument null`);
          if (declared.values === undefined) {
            assert(found(`${keyword}(anything at all): text`)[0]?.argument === 'anything at all', `${keyword}(anything at all): does not report its free argument`);
            continue;
          }
          for (const value of declared.values) {
            for (const written of [value, value.toUpperCase(), value.toLowerCase()]) {
              const marker = found(`${keyword}(${written}): text`)[0];
              assert(marker?.argument === value, `${keyword}(${written}): gave the argument ${JSON.stringify(marker?.argument)}, not the declared ${JSON.stringify(value)}`);
            }
          }
          const unknown = 'not-a-declared-value';
          assert(!declared.values.some((value) => value.toLowerCase() === unknown), 'the test value is declared');
          assert(found(`${keyword}(${unknown}): text`).length === 0, `${keyword}(${unknown}): is a marker although ${unknown} is not one of the declared values; it must be a plain line`);
        }
      },
    },
  ];
}

/**
 * Registers the marker set conformance suite: the declaration's shape, and, read by the
 * host's `extractMarkers`, keywords found at line starts only, never in fenced code or code
 * spans, and arguments exactly as declared (unknown `values` make a plain line).
 */
export function markerSetConformance(name: string, markerSet: MarkerSetV1, host: MarkerSetHost): void {
  registerChecks(`marker set conformance: ${name}`, markerSetChecks(markerSet, host));
}
