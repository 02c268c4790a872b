import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, ProviderError, StorageError, type GenerateResultV1, type ProviderV1 } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCassette } from './read-cassette.js';
import { createRecorder } from './recorder.js';
import { createScriptedProvider } from './scripted-provider.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { CONSENSUS_VOTE, makeRequest, makeTurn, personaOf } from './test-helpers/turns.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'quorum-recorder-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const requests = () =>
  ['architect', 'security', 'pragmatist'].flatMap((alias) =>
    [1, 2].map((round) => makeRequest(makeTurn({ persona: personaOf(alias), round, phase: round === 2 ? CONSENSUS_VOTE : makeTurn().phase }))),
  );

describe('createRecorder', () => {
  it('records every reply, and the cassette replays to identical replies', async () => {
    const file = join(directory, 'nested', 'run.cassette.json');
    const recorder = createRecorder(file);
    const provider = recorder.wrap(createSimulatedProvider({ seed: 'rec' }));
    expect(provider).toMatchObject({ name: 'mock', defaultModel: 'simulated', specificationVersion: 'v1' });
    const originals: GenerateResultV1[] = await Promise.all(requests().map((request) => provider.generate(request)));

    const cassette = await readCassette(file);
    expect(cassette.entries).toHaveLength(6);
    expect(cassette.entries[0]).toEqual({
      persona: 'architect',
      phase: 'initial_feedback',
      round: 1,
      provider: 'mock',
      model: 'simulated',
      reply: { text: originals[0]?.text, usage: originals[0]?.usage, model: 'simulated' },
    });
    expect(recorder.cassette()).toEqual(cassette);

    const replay = createScriptedProvider(cassette);
    for (const [index, request] of requests().entries()) expect(await replay.generate(request)).toEqual(originals[index]);
    expect((await readdir(join(directory, 'nested'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves a complete cassette on disk after every reply, so a killed run keeps what it recorded', async () => {
    const file = join(directory, 'run.json');
    const provider = createRecorder(file).wrap(createSimulatedProvider());
    for (const [index, request] of requests().entries()) {
      await provider.generate(request);
      expect((await readCassette(file)).entries).toHaveLength(index + 1);
    }
  });

  it('adds to an existing cassette by default, and replaces it with append false', async () => {
    const file = join(directory, 'run.json');
    await writeFile(file, JSON.stringify({ version: 1, entries: [{ persona: 'old', reply: { text: 'kept' } }] }));
    await createRecorder(file).wrap(createSimulatedProvider()).generate(makeRequest());
    expect((await readCassette(file)).entries.map((entry) => entry.persona)).toEqual(['old', 'architect']);
    await createRecorder(file, { append: false }).wrap(createSimulatedProvider()).generate(makeRequest());
    expect((await readCassette(file)).entries.map((entry) => entry.persona)).toEqual(['architect']);
  });

  it('refuses to overwrite an existing file that is not a cassette', async () => {
    const file = join(directory, 'notes.json');
    await writeFile(file, 'my notes');
    const provider = createRecorder(file).wrap(createSimulatedProvider());
    await expect(provider.generate(makeRequest())).rejects.toBeInstanceOf(InvalidInputError);
    expect(await readFile(file, 'utf8')).toBe('my notes');
  });

  it('does not record failed calls and passes their errors on', async () => {
    const file = join(directory, 'run.json');
    const failing: ProviderV1 = {
      specificationVersion: 'v1',
      name: 'flaky',
      defaultModel: 'm',
      generate: () => Promise.reject(new ProviderError('flaky', 'server', 'down', { status: 503 })),
    };
    const recorder = createRecorder(file);
    await expect(recorder.wrap(failing).generate(makeRequest())).rejects.toMatchObject({ kind: 'server' });
    await recorder.wrap(createSimulatedProvider()).generate(makeRequest(makeTurn(), { model: 'chosen' }));
    const entries = (await readCassette(file)).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ provider: 'mock', model: 'chosen', reply: { model: 'chosen' } });
  });

  it('reports a cassette it cannot write as a StorageError naming the file, and keeps recording afterwards', async () => {
    const file = join(directory, 'blocked');
    await mkdir(join(file, 'child'), { recursive: true });
    const recorder = createRecorder(file, { append: false });
    const provider = recorder.wrap(createSimulatedProvider());
    const error: unknown = await provider.generate(makeRequest()).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the cassette`));
    await rm(file, { recursive: true });
    await provider.generate(makeRequest(makeTurn({ round: 2 })));
    await recorder.flush();
    expect((await readCassette(file)).entries.map((entry) => entry.round)).toEqual([1, 2]);
  });
});
