import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCassette, validateCassette } from './read-cassette.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'quorum-cassette-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const reply = (text: unknown) => ({ reply: { text } });

async function problem(contents: string): Promise<InvalidInputError> {
  const file = join(directory, 'cassette.json');
  await writeFile(file, contents);
  const error: unknown = await readCassette(file).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof InvalidInputError)) throw new Error(`expected InvalidInputError, got ${String(error)}`);
  expect(error.file).toBe(file);
  expect(error.message.startsWith(`${file}`)).toBe(true);
  return error;
}

describe('readCassette', () => {
  it('reads a valid cassette with and without match fields and usage', async () => {
    const file = join(directory, 'ok.json');
    const cassette = {
      version: 1,
      entries: [
        { persona: 'security', phase: 'review', round: 2, provider: 'anthropic', model: 'claude', reply: { text: '{}', usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0 }, model: 'claude-x' } },
        reply('plain'),
      ],
    };
    await writeFile(file, JSON.stringify(cassette));
    expect(await readCassette(file)).toEqual(cassette);
  });

  it('says where a field has the wrong type', async () => {
    const entries = [reply('a'), reply('b'), reply('c'), reply(42)];
    expect((await problem(JSON.stringify({ version: 1, entries }))).message).toMatch(/: entries\[3\]\.reply\.text must be a string$/);
  });

  it.each([
    ['[]', /a cassette must be a JSON object/],
    ['{"version": 2, "entries": []}', /version must be 1, not 2/],
    ['{"entries": []}', /version must be 1, not missing/],
    ['{"version": 1}', /entries must be an array/],
    ['{"version": 1, "entries": [], "extra": true}', /extra is not allowed here; the keys are version, entries/],
    ['{"version": 1, "entries": ["x"]}', /entries\[0\] must be an object/],
    ['{"version": 1, "entries": [{"persona": "a"}]}', /entries\[0\]\.reply must be an object/],
    ['{"version": 1, "entries": [{"persona": 3, "reply": {"text": ""}}]}', /entries\[0\]\.persona must be a string/],
    ['{"version": 1, "entries": [{"round": 0, "reply": {"text": ""}}]}', /entries\[0\]\.round must be a whole number of at least 1/],
    ['{"version": 1, "entries": [{"phse": "x", "reply": {"text": ""}}]}', /entries\[0\]\.phse is not allowed here \(did you mean "phase"\?\)/],
    ['{"version": 1, "entries": [{"reply": {"text": "", "usage": {"inputTokens": 1, "outputTokens": -1, "cachedInputTokens": 0}}}]}', /entries\[0\]\.reply\.usage\.outputTokens must be a whole number/],
    ['{"version": 1, "entries": [{"reply": {"text": "", "usage": {"inputTokens": 1}}}]}', /entries\[0\]\.reply\.usage\.outputTokens must be a whole number/],
    ['{"version": 1, "entries": [{"reply": {"text": "", "model": 1}}]}', /entries\[0\]\.reply\.model must be a string/],
  ])('rejects %s', async (contents, message) => {
    expect((await problem(contents)).message).toMatch(message);
  });

  it('reports a file that is not JSON with the line of the problem', async () => {
    const error = await problem('{\n  "version": 1,\n  "entries": [,]\n}');
    expect(error.message).toMatch(/the cassette is not valid JSON/);
    expect(error.message).toMatch(/record it again with --record/);
  });

  it('reports a missing file and what to do', async () => {
    const file = join(directory, 'missing.json');
    await expect(readCassette(file)).rejects.toThrow(`${file}: the cassette file does not exist; record one with --record, or fix the path in providers.mock.cassette`);
    await expect(readCassette(file)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('checks data in memory too, without a file name', () => {
    expect(() => validateCassette({ version: 1, entries: [reply(null)] })).toThrow(/^entries\[0\]\.reply\.text must be a string$/);
  });
});
