// Recorded wire responses in src/__fixtures__: `<scenario>.json` bodies and
// `<scenario>.chunks.txt` server-sent event streams, exactly as the API sends them.
import { readFileSync } from 'node:fs';

const directory = new URL('../src/__fixtures__/', import.meta.url);

/** The parsed JSON body of `<scenario>.json`. */
export function fixtureJson(scenario: string): unknown {
  return JSON.parse(readFileSync(new URL(`${scenario}.json`, directory), 'utf8'));
}

/** The events of `<scenario>.chunks.txt`, each with its closing blank line, in order. */
export function fixtureEvents(scenario: string): string[] {
  const text = readFileSync(new URL(`${scenario}.chunks.txt`, directory), 'utf8');
  return text
    .split('\n\n')
    .filter((event) => event.trim() !== '')
    .map((event) => `${event}\n\n`);
}
