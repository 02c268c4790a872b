import { ProviderError, type GenerateRequestV1, type GenerateResultV1, type ProviderV1 } from '@quorum/core';
import { throwIfAborted } from './abort-handling.js';
import type { Cassette, CassetteEntry } from './cassette.js';
import { estimateUsage } from './estimate-usage.js';
import { createSimulatedProvider, MOCK_PROVIDER_NAME, type SimulatedOptions } from './simulated-provider.js';

/** The model the scripted provider reports when neither the entry nor the request names one. */
export const SCRIPTED_MODEL = 'scripted';

/** Options of {@link createScriptedProvider}. */
export interface ScriptedOptions {
  /** Every call must find an entry (default true); otherwise a miss gets the simulated reply. */
  readonly strict?: boolean;
  /** Settings of the simulated provider that answers misses when `strict` is false. */
  readonly simulated?: SimulatedOptions;
}

/**
 * Replays a cassette. Each call takes the first unused entry whose match fields (`persona`,
 * `phase`, `round`, where given) equal the request's (`turn.persona.alias`, `turn.phase.id`,
 * `turn.round`); entries without match fields match any request, in order. Each entry is used
 * once per provider instance. A miss is a ProviderError of kind `unavailable` when strict,
 * and the simulated reply otherwise. Usage is the entry's, or estimated as the simulated
 * provider does.
 */
export function createScriptedProvider(cassette: Cassette, options: ScriptedOptions = {}): ProviderV1 {
  const strict = options.strict ?? true;
  const used = new Array<boolean>(cassette.entries.length).fill(false);
  let firstUnused = 0;
  let fallback: ProviderV1 | undefined;
  const name = MOCK_PROVIDER_NAME;

  return {
    specificationVersion: 'v1',
    name,
    defaultModel: SCRIPTED_MODEL,
    async generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
      throwIfAborted(name, request.signal);
      // Entries before `firstUnused` are all used: a replay takes them nearly in order, so
      // a long cassette is not scanned from its start on every call.
      while (firstUnused < used.length && used[firstUnused]) firstUnused++;
      let index = firstUnused;
      while (index < used.length && (used[index] || !matches(cassette.entries[index]!, request))) index++;
      const entry = cassette.entries[index];
      if (entry === undefined) {
        if (strict) {
          const { turn } = request;
          throw new ProviderError(
            name,
            'unavailable',
            `the cassette has no reply for ${turn.persona.alias} in ${turn.phase.id} round ${turn.round}; record it again with --record`,
          );
        }
        fallback ??= createSimulatedProvider(options.simulated);
        return fallback.generate(request);
      }
      used[index] = true;
      const { text } = entry.reply;
      return {
        text,
        usage: entry.reply.usage ?? estimateUsage(request, text),
        model: entry.reply.model ?? (request.model || SCRIPTED_MODEL),
      };
    },
  };
}

function matches(entry: CassetteEntry, request: GenerateRequestV1): boolean {
  const { turn } = request;
  return (
    (entry.persona === undefined || entry.persona === turn.persona.alias) &&
    (entry.phase === undefined || entry.phase === turn.phase.id) &&
    (entry.round === undefined || entry.round === turn.round)
  );
}
