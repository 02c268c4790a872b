import { QuorumError, type PersonaV1, type TurnDescriptionV1, type UsageV1 } from '@quorum/core';
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
 * simulated personas when nothing is configured), through the engine's `askModels`: its
 * retry loop and circuit breakers with the config's `engine` settings, one repair of an
 * unusable reply, then the next model of the chain. Every text shown or returned has the project's secrets removed.
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
  const asked = await engine.askModels({
    persona,
    turn,
    chain: router.chainFor(persona),
    caller,
    signal: new AbortController().signal,
    redact,
    hooks: {
      onFallback: (from, to, reason) => progress(`${persona.alias}: falling back from ${from} to ${to} (${reason})`),
      onRetry: (_model, retry) => progress(`${persona.alias}: retry ${retry.attempt} in ${retry.delayMs} ms (${redact(retry.error.message)})`),
      onRepair: (model, problem) => progress(`${persona.alias}: ${model} gave an unusable reply (${problem}); asking once more`),
    },
  });
  if (!asked.ok) throw new QuorumError('PROVIDER', 1, `${persona.name} could not answer (${asked.reason}); fix the provider setup and run again`);
  const reply: ParsedReply = asked.reply.kind === 'comment' ? { ...asked.reply, text: redact(asked.reply.text), vote: null } : asked.reply;
  return { reply, model: asked.model, usage: asked.usage, cost: new engine.PriceTable(loaded.config.pricing).costOf(asked.model, asked.usage) };
}
