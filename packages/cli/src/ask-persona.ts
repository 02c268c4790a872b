import { ProviderError, QuorumError, type MessageV1, type PersonaV1, type TurnDescriptionV1, type UsageV1 } from '@quorum/core';
import type { ParsedReply } from '@quorum/engine';
import { createModelRouter, secretRedactor } from './model-setup.js';
import type { Project } from './project.js';

/** One question put to one persona outside a discussion run (`quorum summarize`). */
export interface PersonaQuestion {
  readonly persona: PersonaV1;
  /** What the prompt is built from, as in a discussion turn. */
  readonly turn: TurnDescriptionV1;
  /** `--provider`: one model for this question. */
  readonly provider?: string | undefined;
  /** The discussion template's `provider`, when it has one. */
  readonly templateModel?: string | null | undefined;
  /** Progress lines (notices, retries, fallbacks), already free of secrets. */
  readonly progress: (line: string) => void;
}

/** The persona's answer. */
export interface PersonaAnswer {
  /** The reply, secrets removed. */
  readonly reply: ParsedReply;
  /** `provider:model` that answered. */
  readonly model: string;
  readonly usage: UsageV1;
  /** Estimated US dollars, or null when the model has no known price. */
  readonly cost: number | null;
}

/**
 * Asks `question.persona` once, the way the engine asks a participant: the engine's prompt
 * (the persona and answering rules as the system prompt, the discussion and the turn as the
 * message) and response schema, the models `quorum run` would use for that persona (the
 * shared router: `--provider`, persona hint, template, `providers.default`, fallbacks,
 * simulated personas when nothing is configured), the engine's retry loop and circuit
 * breakers with the config's `engine` settings, one repair of an unusable reply, then the
 * next model of the chain. Every text shown or returned has the project's secrets removed.
 * Fails with one sentence (exit 1) when no model gives a usable reply.
 */
export async function askPersona(project: Project, question: PersonaQuestion): Promise<PersonaAnswer> {
  const [engine, loaded, redact] = await Promise.all([import('@quorum/engine'), project.config(), secretRedactor(project)]);
  const { persona, turn, progress } = question;
  const { router } = await createModelRouter(project, {
    provider: question.provider,
    templateModel: question.templateModel,
    redact,
    notice: (message) => progress(`note: ${message}`),
  });
  const caller = new engine.ResilientCaller(loaded.config.engine, {
    random: Math.random,
    onBreak: (provider) => progress(`circuit open for ${provider}: it failed repeatedly, so it is not called for a while`),
  });
  const prices = new engine.PriceTable(loaded.config.pricing);
  const base = {
    system: engine.systemPrompt(persona),
    responseSchema: engine.responseJsonSchema,
    responseSchemaName: 'quorum_response',
    temperature: persona.temperature,
    turn,
  };
  const firstMessage: MessageV1 = { role: 'user', content: engine.promptParts(turn) };
  const signal = new AbortController().signal;
  let usage = engine.ZERO_USAGE;
  let lastReason = 'no model was tried';
  const chain = router.chainFor(persona);
  for (const [index, choice] of chain.entries()) {
    if (index > 0) progress(`${persona.alias}: falling back from ${chain[index - 1]!.id} to ${choice.id} (${lastReason})`);
    const call = (messages: MessageV1[]) =>
      caller.call(choice, { ...base, model: choice.model, messages }, signal, (retry) =>
        progress(`${persona.alias}: retry ${retry.attempt} in ${retry.delayMs} ms (${redact(retry.error.message)})`),
      );
    try {
      let result = await call([firstMessage]);
      usage = engine.addUsage(usage, result.usage);
      let parsed = engine.parseReply(result.text);
      if (!parsed.ok) {
        // One repair attempt: the model sees its reply and what is wrong with it.
        progress(`${persona.alias}: ${choice.id} gave an unusable reply (${parsed.problem}); asking once more`);
        result = await call([
          firstMessage,
          { role: 'assistant', content: [{ text: result.text }] },
          { role: 'user', content: [{ text: `Your reply cannot be used: ${parsed.problem}. Answer again with the JSON object only.` }] },
        ]);
        usage = engine.addUsage(usage, result.usage);
        parsed = engine.parseReply(result.text);
      }
      if (!parsed.ok) {
        lastReason = `${choice.id} gave no usable reply after one repair (${parsed.problem})`;
        continue;
      }
      const model = `${choice.provider.name}:${result.model || choice.model || choice.provider.defaultModel}`.replace(/\s+/g, '');
      const reply: ParsedReply = parsed.reply.kind === 'comment' ? { ...parsed.reply, text: redact(parsed.reply.text), vote: null } : parsed.reply;
      return { reply, model, usage, cost: prices.costOf(model, usage) };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      lastReason = redact(error.message);
    }
  }
  throw new QuorumError('PROVIDER', 1, `${persona.name} could not answer (${lastReason}); fix the provider setup and run again`);
}
