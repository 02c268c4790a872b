import { ProviderError, type MessageV1, type PersonaV1, type TurnDescriptionV1, type UsageV1 } from '@quorum/core';
import { promptParts, systemPrompt } from './build-prompt.js';
import type { ModelChoice } from './model-router.js';
import { parseReply, type ParsedReply } from './parse-reply.js';
import type { ResilientCaller, RetryInfo } from './resilience.js';
import { responseJsonSchema } from './schema-files.js';
import { addUsage, ZERO_USAGE } from './usage-totals.js';

/** What happens while a persona is asked, for progress output and events. */
export interface AskHooks {
  readonly onStart?: ((model: string) => void) | undefined;
  readonly onFallback?: ((from: string, to: string, reason: string) => void) | undefined;
  readonly onRetry?: ((model: string, retry: RetryInfo) => void) | undefined;
  readonly onRepair?: ((model: string, problem: string) => void) | undefined;
}

export type AskOutcome =
  | {
      readonly ok: true;
      readonly reply: ParsedReply;
      /** `provider:model` as the API reported it (else as asked, else the provider's default). */
      readonly model: string;
      readonly usage: UsageV1;
    }
  | {
      readonly ok: false;
      /** Why the last model failed, secrets removed. */
      readonly reason: string;
      readonly usage: UsageV1;
    };

/**
 * Asks a persona the turn down its chain of models, the one way Quorum asks a model: the
 * persona and answering rules as the system prompt, the turn as the message (stable part
 * first), the response schema, the caller's retry loop and circuit breakers, one repair of
 * an unusable reply (the model sees its reply and the problem), then the next model of the
 * chain. A cancelled call (the run was stopped) is thrown, as are errors that are not
 * provider errors; any other failure moves on down the chain.
 */
export async function askModels(args: {
  readonly persona: PersonaV1;
  readonly turn: TurnDescriptionV1;
  readonly chain: readonly ModelChoice[];
  readonly caller: ResilientCaller;
  readonly signal: AbortSignal;
  readonly redact: (text: string) => string;
  readonly hooks?: AskHooks | undefined;
}): Promise<AskOutcome> {
  const { persona, turn, chain, caller, signal, redact, hooks = {} } = args;
  const system = systemPrompt(persona);
  const firstMessage: MessageV1 = { role: 'user', content: promptParts(turn) };
  let usage = ZERO_USAGE;
  let lastReason = 'no model was tried';
  for (const [index, choice] of chain.entries()) {
    if (index === 0) hooks.onStart?.(choice.id);
    else hooks.onFallback?.(chain[index - 1]!.id, choice.id, lastReason);
    const request = (messages: MessageV1[]) => ({
      system,
      messages,
      responseSchema: responseJsonSchema,
      responseSchemaName: 'quorum_response',
      temperature: persona.temperature,
      model: choice.model,
      turn,
    });
    const call = (messages: MessageV1[]) => caller.call(choice, request(messages), signal, (retry) => hooks.onRetry?.(choice.id, retry));
    try {
      let result = await call([firstMessage]);
      usage = addUsage(usage, result.usage);
      let parsed = parseReply(result.text);
      if (!parsed.ok) {
        hooks.onRepair?.(choice.id, parsed.problem);
        result = await call([
          firstMessage,
          { role: 'assistant', content: [{ text: result.text }] },
          { role: 'user', content: [{ text: `Your reply cannot be used: ${parsed.problem}. Answer again with the JSON object only.` }] },
        ]);
        usage = addUsage(usage, result.usage);
        parsed = parseReply(result.text);
      }
      if (!parsed.ok) {
        lastReason = `${choice.id} gave no usable reply after one repair (${parsed.problem})`;
        continue;
      }
      const model = `${choice.provider.name}:${result.model || choice.model || choice.provider.defaultModel}`.replace(/\s+/g, '');
      return { ok: true, reply: parsed.reply, model, usage };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind === 'cancelled') throw error;
      lastReason = redact(error.message);
    }
  }
  return { ok: false, reason: lastReason, usage };
}
