import { access } from 'node:fs/promises';
import { StorageError, type GenerateRequestV1, type GenerateResultV1, type ProviderV1 } from '@quorum/core';
import { CASSETTE_VERSION, type Cassette, type CassetteEntry } from './cassette.js';
import { readCassette } from './read-cassette.js';
import { writeFileAtomically } from './write-file-atomically.js';

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  /**
   * Keep the entries of an existing cassette file and add to them (default true), so runs
   * spread over several commands, or resumed after a kill, end up in one cassette. With
   * false the first recorded reply replaces the file.
   */
  readonly append?: boolean;
}

/** Records the replies of wrapped providers into a cassette file. */
export interface Recorder {
  /** The cassette file written. */
  readonly file: string;
  /**
   * A provider that forwards every call to `provider` and, after each successful reply,
   * appends `{ persona, phase, round, provider, model, reply: { text, usage, model } }` and
   * rewrites the file atomically before resolving, so a killed run keeps everything it
   * recorded. Failed calls are not recorded.
   */
  wrap(provider: ProviderV1): ProviderV1;
  /** The cassette as recorded so far (including entries kept from an existing file once the first reply is written). */
  cassette(): Cassette;
  /** Resolves when every write started so far has finished. */
  flush(): Promise<void>;
}

/**
 * Starts recording to `file`. Nothing is read or written until the first reply arrives;
 * writes are serialized, so replies from participants asked in parallel are all kept, in
 * the order they arrived. A failed write rejects that call with a StorageError.
 */
export function createRecorder(file: string, options: RecorderOptions = {}): Recorder {
  const append = options.append ?? true;
  let entries: CassetteEntry[] = [];
  let loaded = !append;
  let queue: Promise<void> = Promise.resolve();

  const load = async (): Promise<void> => {
    if (loaded) return;
    if (await exists(file)) entries = [...(await readCassette(file)).entries, ...entries];
    loaded = true;
  };

  const record = (entry: CassetteEntry): Promise<void> => {
    const write = queue.then(async () => {
      await load();
      entries.push(entry);
      const cassette: Cassette = { version: CASSETTE_VERSION, entries };
      try {
        await writeFileAtomically(file, `${JSON.stringify(cassette, null, 2)}\n`);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        throw new StorageError(`cannot write the cassette (${reason}); check that its folder is writable`, { file, cause: error });
      }
    });
    queue = write.catch(() => undefined);
    return write;
  };

  return {
    file,
    wrap(provider: ProviderV1): ProviderV1 {
      return {
        specificationVersion: 'v1',
        name: provider.name,
        defaultModel: provider.defaultModel,
        async generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
          const result = await provider.generate(request);
          await record(entryOf(request, provider, result));
          return result;
        },
      };
    },
    cassette: () => ({ version: CASSETTE_VERSION, entries: [...entries] }),
    flush: () => queue,
  };
}

function entryOf(request: GenerateRequestV1, provider: ProviderV1, result: GenerateResultV1): CassetteEntry {
  const { turn } = request;
  return {
    persona: turn.persona.alias,
    phase: turn.phase.id,
    round: turn.round,
    provider: provider.name,
    model: request.model || provider.defaultModel,
    reply: {
      text: result.text,
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, cachedInputTokens: result.usage.cachedInputTokens },
      model: result.model,
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
