import { createActor, type AnyEventObject } from 'xstate';
import {
  HEADER_KEYS,
  NotFoundError,
  ProviderError,
  QuorumError,
  isHumanName,
  type Discussion,
  type AppendEntry,
  type DiscussionStorageV1,
  type MarkerSetV1,
  type NewEvent,
  type PersonaV1,
  type PhaseFacts,
  type TurnDescriptionV1,
  type UsageV1,
  type VoteValue,
} from '@quorum/core';
import { findField } from '@quorum/format';
import type { Question } from '@quorum/markers';
import { turnActor, type CompiledTemplate, type EnterPhaseParams, type QuorumMachineContext, type ResolvedPhase, type TurnInput } from '@quorum/compiler';
import pLimit from 'p-limit';
import { authorMatcher, discussionBefore, participantsOfPhase, type AuthorMatcher } from './discussion-rounds.js';
import { DiscussionIndex } from './discussion-index.js';
import type { EngineEvent, EngineEventInput, RunOutcome } from './engine-events.js';
import type { ModelChoice, ModelRouter } from './model-router.js';
import type { ParsedReply } from './parse-reply.js';
import { askModels, type AskOutcome } from './ask-models.js';
import { phaseFacts, type StrategyChoice, type VoterFact } from './phase-facts.js';
import type { PriceTable } from './pricing.js';
import { ResilientCaller, type ResilienceSettings } from './resilience.js';
import { needsHuman, requiresHuman } from './requires-human.js';
import { addUsage, ZERO_USAGE } from './usage-totals.js';


export interface EngineOptions {
  readonly storage: DiscussionStorageV1;
  /** The discussion's id in `storage`. */
  readonly discussion: string;
  readonly compiled: CompiledTemplate;
  /** The persona of a participant alias, or undefined for a person. */
  readonly persona: (alias: string) => PersonaV1 | undefined;
  readonly markerSets: readonly MarkerSetV1[];
  /** The voting rule of a phase (its own block, else the template's). */
  readonly strategyFor: (phase: ResolvedPhase) => StrategyChoice;
  /** Facts about a voter from config and persona files. */
  readonly voterFact: (id: string) => VoterFact | undefined;
  readonly router: ModelRouter;
  readonly resilience: ResilienceSettings;
  /** Participants of one round asked at the same time. */
  readonly concurrency: number;
  readonly prices: PriceTable;
  readonly limits?: {
    /** US dollars the discussion may cost in total (`--max-cost`, the template's budget). */
    readonly maxCost?: number | null | undefined;
    readonly maxTokens?: number | null | undefined;
    /** Rounds this run may start (`--max-turns`). */
    readonly maxTurns?: number | null | undefined;
    /** Time this run may take: no round starts after it (`--max-duration`); a stop like the turn cap. */
    readonly maxDurationMs?: number | null | undefined;
  };
  /** A paragraph added to every participant's prompt in this run (a debate's intensity). */
  readonly guidance?: string | null | undefined;
  /** A callout added to the rounds within `withinTurns` of `limits.maxTurns` (a debate's hint to converge). */
  readonly nearLimit?: { readonly text: string; readonly withinTurns: number } | undefined;
  /** Who speaks in the first round this run starts (`quorum turn FILE @a @b`; `all` for every AI participant), instead of the routing rule. */
  readonly responders?: readonly string[] | undefined;
  /** A callout added to the prompts of the first round this run starts. */
  readonly callout?: string | null | undefined;
  /** The command a person runs to vote, for the human-wait message. */
  readonly humanCommand?: ((phase: string) => string) | undefined;
  readonly onEvent?: ((event: EngineEvent) => void) | undefined;
  readonly clock?: (() => Date) | undefined;
  /** For backoff jitter; tests pass a fixed one. */
  readonly random?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Removes secrets (API keys) from any text the engine writes or emits. */
  readonly redact?: ((text: string) => string) | undefined;
  /**
   * Rewrites a reply's text just before it is appended (after secrets are removed); the CLI
   * saves the visualizer's Mermaid blocks as diagram files and puts `DIAGRAM:` markers in
   * their place. A rejection fails the run like a storage error.
   */
  readonly rewriteReply?: ((reply: { readonly alias: string; readonly author: string; readonly text: string }) => Promise<string>) | undefined;
}

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly phase: string;
  /** The discussion's status (`OPEN`, or the final status). */
  readonly status: string;
  /** Rounds started or finished by this run. */
  readonly rounds: number;
  /** Tokens and cost of the replies this run got. */
  readonly usage: UsageV1;
  readonly cost: number | null;
  /** One sentence on how the run ended (what is awaited, which limit stopped it). */
  readonly message: string;
}

/** Thrown inside the turn actor to end the run cleanly before another round starts. */
class RunStop extends Error {
  constructor(
    readonly outcome: Exclude<RunOutcome, 'finished'>,
    message: string,
  ) {
    super(message);
  }
}

/** The discussion as a round shows it: as it was when the round started. */
interface ShownDiscussion {
  readonly discussion: Discussion;
  readonly comments: TurnDescriptionV1['comments'];
  readonly openQuestions: readonly Question[];
}

/** A round's shared part of every participant's turn. */
interface RoundView {
  readonly turn: Omit<TurnDescriptionV1, 'persona' | 'openQuestions'>;
  readonly openQuestions: readonly Question[];
}

/** What one participant's turn produced. */
type ParticipantOutcome =
  | {
      readonly kind: 'reply';
      readonly reply: ParsedReply;
      /** `provider:model` as the API reported it, for the USAGE line and events. */
      readonly model: string;
      readonly usage: UsageV1;
      readonly cost: number | null;
    }
  | { readonly kind: 'failed'; readonly reason: string; readonly usage: UsageV1 };

/**
 * Runs a discussion with its compiled template until a final phase, a human wait, a budget,
 * the turn cap or cancellation. The file is the only state: the machine is restored from it
 * on every start (phase, rounds per phase, an unfinished round), so a run killed at any
 * moment resumes by running again, asking only the participants who had not answered.
 */
export async function runDiscussion(options: EngineOptions): Promise<RunResult> {
  return new DiscussionRun(options).run();
}

class DiscussionRun {
  private readonly clock: () => Date;
  private readonly caller: ResilientCaller;
  private readonly redact: (text: string) => string;
  private readonly signal: AbortSignal;
  private readonly matches: AuthorMatcher;
  /** What the run knows about the discussion, kept up to date after every load. */
  private readonly index: DiscussionIndex;
  /** The index's comments as turns describe them; the same objects round after round, so transcripts can be extended. */
  private readonly described: TurnDescriptionV1['comments'][number][] = [];
  private describedGeneration = -1;
  private readonly chains = new Map<PersonaV1, ModelChoice[]>();
  private readonly waitingPhases = new Map<string, boolean>();
  private describedCount = 0;
  /** Phase changes the machine made that are not yet in the file. */
  private pending: { from: string; params: EnterPhaseParams }[] = [];
  private currentPhase = '';
  private roundsThisRun = 0;
  /** When the run started, by its clock (for `limits.maxDurationMs`). */
  private readonly started: number;
  private usage: UsageV1 = ZERO_USAGE;
  private cost: number | null = 0;
  private stop: RunStop | undefined;
  private stampedAt = Number.NaN;
  private stamp = '';
  private failure: unknown;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.started = this.clock().getTime();
    this.redact = options.redact ?? ((text) => text);
    this.signal = options.signal ?? new AbortController().signal;
    this.caller = new ResilientCaller(options.resilience, {
      random: options.random ?? Math.random,
      onBreak: (provider) => this.emit({ type: 'breaker-open', provider }),
    });
    this.matches = authorMatcher((alias) => options.persona(alias)?.name);
    this.index = new DiscussionIndex(options.markerSets, this.matches);
  }

  async run(): Promise<RunResult> {
    const { compiled } = this.options;
    const loaded = await this.options.storage.load(this.options.discussion);
    const phase = findField(loaded.discussion.header.fields, HEADER_KEYS.phase)?.value ?? compiled.template.initial;
    const status = findField(loaded.discussion.header.fields, HEADER_KEYS.status)?.value ?? 'OPEN';
    this.currentPhase = phase;
    const resolved = this.phase(phase);
    this.emit({ type: 'run-start', discussion: this.options.discussion, template: compiled.template.id, phase });
    if (resolved.final !== null) return this.finish('finished', `the discussion is already ${status} (phase ${phase})`);

    const machine = compiled.machine.provide({
      actors: { turn: turnActor((input) => this.playRound(input)) },
      actions: { enterPhase: (_: unknown, params: EnterPhaseParams) => this.enterPhase(params) },
    } as unknown as Parameters<typeof compiled.machine.provide>[0]);
    const snapshot = machine.resolveState({ value: { [phase]: 'start' }, context: this.restoredContext(loaded.discussion, phase) });
    const actor = createActor(machine, { snapshot: snapshot as never });

    const settled = new Promise<void>((resolve, reject) => {
      actor.subscribe({
        next: (state) => {
          const value = state.value as unknown;
          if (typeof value === 'object' && value !== null && Object.values(value).includes('failed')) resolve();
        },
        complete: () => resolve(),
        error: reject,
      });
    });
    actor.start();
    // Eventless transitions of the restored `start` state run on the first event the
    // machine takes; RETRY is otherwise ignored there.
    actor.send({ type: 'RETRY' } as AnyEventObject as never);
    await settled;
    actor.stop();
    await this.flushPhaseChanges();

    if (this.stop !== undefined) return this.finish(this.stop.outcome, this.stop.message);
    if (this.failure !== undefined) throw this.failure;
    const last = this.phase(this.currentPhase);
    return this.finish('finished', `the discussion reached ${last.title} (${last.final ?? 'OPEN'})`);
  }

  /** Machine context from the file: rounds per phase, not counting the current phase's last round, which is replayed (and finished if need be). */
  private restoredContext(discussion: Discussion, phase: string): QuorumMachineContext {
    const index = this.index.update(discussion);
    const totalRounds: Record<string, number> = {};
    for (const p of this.options.compiled.template.phases) {
      const total = index.phaseRounds(p.id).total;
      if (total > 0) totalRounds[p.id] = total;
    }
    const current = index.phaseRounds(phase);
    const roundsSinceEntry = Math.max(0, current.sinceEntry.length - 1);
    if (current.sinceEntry.length > 0) totalRounds[phase] = (totalRounds[phase] ?? 1) - 1;
    return { roundsSinceEntry, totalRounds };
  }

  private enterPhase(params: EnterPhaseParams): void {
    if (params.phase === this.currentPhase && this.pending.length === 0) return;
    this.pending.push({ from: this.currentPhase, params });
    this.currentPhase = params.phase;
  }

  /** Writes the phase changes the machine made, in one atomic step, only if nobody moved the discussion meanwhile. */
  private async flushPhaseChanges(): Promise<void> {
    if (this.pending.length === 0) return;
    const changes = this.pending;
    this.pending = [];
    const events: NewEvent[] = [];
    for (const { from, params } of changes) {
      events.push({ kind: 'phase-transition', from, to: params.phase });
      if (params.voteReset) events.push({ kind: 'vote-reset', phase: params.phase });
    }
    const last = changes.at(-1)!.params;
    const headers: Record<string, string> = { [HEADER_KEYS.phase]: last.phase };
    if (last.final !== null) headers[HEADER_KEYS.status] = last.final;
    await this.options.storage.appendEvents(this.options.discussion, events, headers, { [HEADER_KEYS.phase]: changes[0]!.from });
    for (const { from, params } of changes) this.emit({ type: 'phase-change', from, to: params.phase, status: params.final });
  }

  /** The `turn` actor: finishes the round the file has unfinished, or starts and plays a new one; resolves with the phase facts. */
  private async playRound(input: TurnInput): Promise<PhaseFacts> {
    try {
      return await this.playRoundOrStop(input);
    } catch (error) {
      if (error instanceof RunStop) this.stop = error;
      else this.failure = error;
      throw error;
    }
  }

  private async playRoundOrStop(input: TurnInput): Promise<PhaseFacts> {
    await this.flushPhaseChanges();
    const phase = this.phase(input.phase);
    let loaded = await this.options.storage.load(this.options.discussion);
    const participants = this.participantsOf(loaded.discussion, phase);
    const round = this.index.update(loaded.discussion).round(phase.id, input.totalRound);
    if (round === undefined) {
      this.checkBeforeNewRound(loaded.discussion, phase, participants, input);
      const responders = this.respondersOf(phase, participants, input);
      this.roundsThisRun++;
      this.emit({ type: 'turn-start', phase: phase.id, round: input.totalRound, responders, asking: responders, resumed: false });
      // The ROUND line is written with the first answers: a run stopped before any answer is
      // in leaves no trace, and the next run starts the same round again.
      const start: NewEvent = { kind: 'round', phase: phase.id, round: input.totalRound, responders };
      await this.askAll(this.shown(loaded.discussion, this.index), phase, participants, responders, input, start);
      this.emit({ type: 'turn-finish', phase: phase.id, round: input.totalRound });
      loaded = await this.options.storage.load(this.options.discussion);
    } else if (round.missing.length > 0) {
      // Every participant of a round is shown the discussion as it was when the round started.
      const before = discussionBefore(loaded.discussion, round.event.line);
      this.roundsThisRun++;
      this.emit({ type: 'turn-start', phase: phase.id, round: input.totalRound, responders: round.event.responders, asking: round.missing, resumed: true });
      await this.askAll(this.shown(before, new DiscussionIndex(this.options.markerSets, this.matches).update(before)), phase, participants, round.missing, input);
      this.emit({ type: 'turn-finish', phase: phase.id, round: input.totalRound });
      loaded = await this.options.storage.load(this.options.discussion);
    }
    const facts = this.factsOf(loaded.discussion, phase, participants);
    if (facts.voteCount !== null) {
      const { reached, outcome, counts, reason, choice } = facts.voteCount;
      this.emit({ type: 'vote-count', phase: phase.id, reached, outcome, counts, reason, ...(choice === undefined ? {} : { choice }) });
    }
    return facts;
  }

  private factsOf(discussion: Discussion, phase: ResolvedPhase, participants: readonly string[]) {
    return phaseFacts({
      discussion,
      phase,
      participants,
      markerSets: this.options.markerSets,
      strategy: this.options.strategyFor(phase),
      voterFact: this.options.voterFact,
      matches: this.matches,
      explicitAdvance: false,
      index: this.index,
    });
  }

  /** Stops cleanly, before a new round is written, on cancellation, the turn cap, a human wait or a budget. */
  private checkBeforeNewRound(discussion: Discussion, phase: ResolvedPhase, participants: readonly string[], input: TurnInput): void {
    if (this.signal.aborted) throw new RunStop('cancelled', 'the run was stopped; run it again to continue');
    const maxTurns = this.options.limits?.maxTurns;
    if (maxTurns !== undefined && maxTurns !== null && this.roundsThisRun >= maxTurns) {
      throw new RunStop('turn-cap', `stopped after ${this.roundsThisRun} round${this.roundsThisRun === 1 ? '' : 's'} (--max-turns ${maxTurns}); run it again to continue`);
    }
    const maxDurationMs = this.options.limits?.maxDurationMs;
    if (maxDurationMs !== undefined && maxDurationMs !== null && this.clock().getTime() - this.started >= maxDurationMs) {
      throw new RunStop('turn-cap', `stopped after ${this.roundsThisRun} round${this.roundsThisRun === 1 ? '' : 's'}: the run's time limit (${Math.round(maxDurationMs / 1000)} s) is up; run it again to continue`);
    }
    if (input.round > 1 && this.mayNeedPerson(phase)) {
      const facts = this.factsOf(discussion, phase, participants);
      const waiting = requiresHuman(phase, facts, this.options.strategyFor(phase), (id) => this.isPerson(id));
      if (waiting !== undefined) {
        const command = this.options.humanCommand?.(phase.id) ?? `quorum comment ${this.options.discussion} "…" --vote READY`;
        this.emit({ type: 'human-wait', phase: phase.id, reason: waiting, command });
        throw new RunStop('waiting', `waiting for a person: ${waiting}; run \`${command}\`, then run this again`);
      }
    }
    const limits = this.options.limits ?? {};
    const costCap = minOf(limits.maxCost, this.options.compiled.template.budget.maxCost);
    const tokenCap = minOf(limits.maxTokens, this.options.compiled.template.budget.maxTokens);
    // Adding up the spend reads every comment, so only when there is a limit to check it against.
    if (costCap === null && tokenCap === null) return;
    const spend = this.index.spend();
    const aiComments = Math.max(1, spend.comments);
    const responders = Math.max(1, participants.filter((p) => !this.isPerson(p)).length);
    const budgets = [
      { limit: '--max-cost / budget.max_cost', cap: costCap, spent: spend.cost },
      { limit: 'budget.max_tokens', cap: tokenCap, spent: spend.tokens },
    ];
    for (const { limit, cap, spent } of budgets) {
      if (cap === null) continue;
      // The next round is estimated at the average cost of a comment so far, per responder.
      const next = spend.comments === 0 ? 0 : (spent / aiComments) * responders;
      if (spent + next > cap) {
        this.emit({ type: 'budget-stop', limit, spent, next, cap });
        throw new RunStop('budget', `stopped before the next round: ${limit} is ${cap}, ${round6(spent)} is spent and the next round would take about ${round6(next)}`);
      }
    }
  }

  /** The hint to converge, in the rounds within `nearLimit.withinTurns` of the turn cap (this round included). */
  private nearLimitHint(): string | null {
    const { nearLimit } = this.options;
    const maxTurns = this.options.limits?.maxTurns;
    if (nearLimit === undefined || maxTurns === undefined || maxTurns === null) return null;
    return maxTurns - this.roundsThisRun < nearLimit.withinTurns ? nearLimit.text : null;
  }

  /** Whether a phase can wait for a person at all (so its facts are worth working out before a round). */
  private mayNeedPerson(phase: ResolvedPhase): boolean {
    let may = this.waitingPhases.get(phase.id);
    if (may === undefined) {
      may = phase.transitions.some((t) => needsHuman(t.when)) || (phase.voting && this.options.strategyFor(phase).options['human_required'] === true);
      this.waitingPhases.set(phase.id, may);
    }
    return may;
  }

  /** A persona's models in the order they are tried; the same for the whole run. */
  private chainFor(persona: PersonaV1): ModelChoice[] {
    let chain = this.chains.get(persona);
    if (chain === undefined) {
      chain = this.options.router.chainFor(persona);
      this.chains.set(persona, chain);
    }
    return chain;
  }

  /** Who speaks in a new round: `--responders`, else those @mentioned since their last comment (after the phase's first round), else every AI participant. */
  private respondersOf(phase: ResolvedPhase, participants: readonly string[], input: TurnInput): string[] {
    const ai = participants.filter((p) => !this.isPerson(p));
    if (this.options.responders !== undefined && this.roundsThisRun === 0) {
      if (this.options.responders.includes('all')) return ai;
      for (const alias of this.options.responders) {
        if (this.options.persona(alias) === undefined) throw new NotFoundError(`"${alias}" is not a persona, so it cannot be asked; see quorum participants list`);
      }
      return [...this.options.responders];
    }
    if (input.round > 1) {
      const mentioned = this.index.pendingMentions(this.index.entryLine(phase.id), participants).filter((alias) => ai.includes(alias));
      if (mentioned.length > 0) return ai.filter((alias) => mentioned.includes(alias));
    }
    if (ai.length === 0) {
      throw new RunStop('waiting', `phase ${phase.id} has no AI participants (${participants.join(', ') || 'none'}); people comment with quorum comment`);
    }
    return ai;
  }

  /** Asks the round's missing responders in parallel; appends their answers in the round's order as soon as all earlier ones are in. */
  /**
   * Asks the round's missing responders in parallel and appends their answers in the round's
   * order, as soon as all earlier ones are in: the answers ready together are written as one
   * batch (with `start`, the new round's ROUND line, in front of the first), so a round of
   * fast replies costs one write, not one per participant.
   */
  private async askAll(shown: ShownDiscussion, phase: ResolvedPhase, participants: readonly string[], missing: readonly string[], input: TurnInput, start?: NewEvent): Promise<void> {
    // A round no larger than the concurrency asks everyone at once; the limiter is for larger ones.
    const limited = missing.length <= this.options.concurrency ? undefined : pLimit(this.options.concurrency);
    const limit = (ask: () => Promise<ParticipantOutcome>) => (limited === undefined ? ask() : limited(ask));
    const callout = joinCallouts(this.roundsThisRun === 1 ? (this.options.callout ?? phase.callout) : phase.callout, this.nearLimitHint());
    const view = this.roundView(shown, phase, participants, input, callout);
    const turns = missing.map((alias) => {
      const turn: { alias: string; result?: ParticipantOutcome; outcome: Promise<ParticipantOutcome> } = {
        alias,
        outcome: limit(() => this.askOne(alias, view)).then((result) => (turn.result = result)),
      };
      return turn;
    });
    const failures: string[] = [];
    let next = 0;
    let lead: AppendEntry[] = start === undefined ? [] : [{ events: [start] }];
    while (next < turns.length) {
      try {
        await turns[next]!.outcome;
      } catch (error) {
        // A stopped run: let the other participants' attempts end (they are aborted too) before stopping.
        await Promise.allSettled(turns.map((turn) => turn.outcome));
        throw error;
      }
      const ready: { alias: string; result: ParticipantOutcome }[] = [];
      for (; next < turns.length && turns[next]!.result !== undefined; next++) ready.push({ alias: turns[next]!.alias, result: turns[next]!.result! });
      await this.record(ready, lead);
      lead = [];
      for (const { alias, result } of ready) if (result.kind === 'failed') failures.push(`${alias}: ${result.reason}`);
    }
    // Nobody could answer: more rounds would only write more failures (a wrong key, a server down).
    if (failures.length === turns.length) {
      throw new QuorumError('PROVIDER', 1, `every participant of round ${input.totalRound} of ${phase.id} failed (${this.redact(failures[0]!)}); fix the provider setup and run again`);
    }
  }

  private async askOne(alias: string, view: RoundView): Promise<ParticipantOutcome> {
    const persona = this.options.persona(alias)!;
    const phase = this.phase(view.turn.phase.id);
    const openQuestions = view.openQuestions
      .filter((q) => !this.matches(q.author, persona.alias))
      .filter((q) => q.mentions.length === 0 || q.mentions.includes('all') || q.mentions.some((m) => m.toLowerCase() === persona.alias.toLowerCase()))
      .map((q) => ({ id: q.id, author: q.author, text: q.text }));
    // Not `{ ...view.turn, persona, openQuestions }`: V8 (Node 20) builds a spread followed by
    // new properties about a hundred times slower, and this runs for every participant.
    const turn: TurnDescriptionV1 = Object.assign({}, view.turn, { persona, openQuestions });
    const started = performance.now();
    let asked: AskOutcome;
    try {
      asked = await askModels({
        persona,
        turn,
        chain: this.chainFor(persona),
        caller: this.caller,
        signal: this.signal,
        redact: this.redact,
        hooks: {
          onStart: (model) => this.emit({ type: 'participant-start', participant: alias, model }),
          onFallback: (from, to, reason) => this.emit({ type: 'participant-fallback', participant: alias, from, to, reason }),
          onRetry: (model, retry) =>
            this.emit({ type: 'participant-retry', participant: alias, model, attempt: retry.attempt, delayMs: retry.delayMs, reason: this.redact(retry.error.message) }),
          onRepair: (model, problem) => this.emit({ type: 'reply-repair', participant: alias, model, problem }),
        },
      });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'cancelled') throw new RunStop('cancelled', 'the run was stopped; run it again to continue');
      throw error;
    }
    const outcome: ParticipantOutcome = asked.ok
      ? { kind: 'reply', reply: this.sanitize(asked.reply, persona, phase), model: asked.model, usage: asked.usage, cost: this.options.prices.costOf(asked.model, asked.usage) }
      : { kind: 'failed', reason: asked.reason, usage: asked.usage };
    this.finishEvent(alias, outcome, started);
    return outcome;
  }

  /** Background personas never vote, and votes count only in voting phases. */
  private sanitize(reply: ParsedReply, persona: PersonaV1, phase: ResolvedPhase): ParsedReply {
    if (reply.kind !== 'comment') return reply;
    const votes = phase.voting && persona.type === 'voting' && this.options.voterFact(persona.alias)?.background !== true;
    return votes ? reply : { ...reply, vote: null };
  }

  private finishEvent(alias: string, outcome: ParticipantOutcome, started: number): void {
    this.emit({
      type: 'participant-finish',
      participant: alias,
      outcome: outcome.kind === 'failed' ? 'failed' : outcome.reply.kind,
      model: outcome.kind === 'reply' ? outcome.model : null,
      latencyMs: Math.round(performance.now() - started),
      usage: outcome.usage,
      cost: outcome.kind === 'reply' ? outcome.cost : null,
      vote: outcome.kind === 'reply' && outcome.reply.kind === 'comment' ? outcome.reply.vote : null,
      ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}),
    });
  }

  /** Appends what participants produced, in order, as one write: their comments (with usage), NO-RESPONSE or PARTICIPANT-FAILED lines. */
  private async record(outcomes: readonly { alias: string; result: ParticipantOutcome }[], lead: readonly AppendEntry[]): Promise<void> {
    const entries: AppendEntry[] = [...lead];
    const appended: { participant: string; author: string }[] = [];
    for (const { alias, result: outcome } of outcomes) {
      this.usage = addUsage(this.usage, outcome.usage);
      if (outcome.kind === 'failed') {
        entries.push({ events: [{ kind: 'participant-failed', participant: alias, reason: this.redact(outcome.reason) }] });
        continue;
      }
      const { model, cost } = outcome;
      this.cost = this.cost === null || cost === null ? null : this.cost + cost;
      if (outcome.reply.kind === 'no-response') {
        entries.push({ events: [{ kind: 'no-response', participant: alias }] });
        continue;
      }
      const persona = this.options.persona(alias)!;
      const text = this.redact(outcome.reply.text);
      entries.push({
        comment: {
          author: persona.name,
          text: this.options.rewriteReply === undefined ? text : await this.options.rewriteReply({ alias, author: persona.name, text }),
          vote: outcome.reply.vote,
          // Object.assign, not `{ model, ...usage, cost }`: a spread followed by new properties is several times slower on Node 20.
          usage: Object.assign({ model }, outcome.usage, { cost }),
        },
      });
      appended.push({ participant: alias, author: persona.name });
    }
    const { storage, discussion } = this.options;
    if (storage.appendBatch !== undefined) await storage.appendBatch(discussion, entries);
    else for (const entry of entries) await ('comment' in entry ? storage.appendComment(discussion, entry.comment) : storage.appendEvents(discussion, entry.events));
    for (const { participant, author } of appended) this.emit({ type: 'comment-append', participant, author });
  }

  /**
   * What a round shows its participants: the discussion's title and context, its comments
   * as turns describe them, and the open questions. The described comments are the same
   * objects from one round to the next (also when a phase change made the storage parse the
   * file again), so the prompt builder extends the transcript instead of rebuilding it.
   */
  private shown(discussion: Discussion, index: DiscussionIndex): ShownDiscussion {
    const { comments } = index;
    const described = this.described;
    // The run's own index only grows between resets: only its new comments need describing.
    const synced = index === this.index && index.generation === this.describedGeneration ? Math.min(this.describedCount, comments.length) : 0;
    for (let i = synced; i < comments.length; i++) {
      const { author, text, vote } = comments[i]!;
      const known = described[i];
      if (known === undefined || known.author !== author || known.text !== text || known.vote !== vote) described[i] = { author, text, vote: vote as VoteValue | null };
    }
    if (index === this.index) {
      this.describedGeneration = index.generation;
      this.describedCount = comments.length;
    }
    return { discussion, comments: described.slice(0, comments.length), openQuestions: index.openQuestions() };
  }

  /** What every participant of a round is shown: the same transcript, worked out once per round. */
  private roundView(shown: ShownDiscussion, phase: ResolvedPhase, participants: readonly string[], input: TurnInput, callout: string | null): RoundView {
    return {
      turn: {
        discussion: this.options.discussion,
        title: findField(shown.discussion.header.fields, HEADER_KEYS.title)?.value ?? '',
        context: shown.discussion.preamble.text,
        phase: { id: phase.id, title: phase.title, goal: phase.goal, instructions: phase.instructions, voting: phase.voting },
        round: input.totalRound,
        maxRounds: input.maxRounds,
        participants,
        comments: shown.comments,
        callout,
        guidance: this.options.guidance ?? null,
      },
      openQuestions: shown.openQuestions,
    };
  }

  private participantsOf(discussion: Discussion, phase: ResolvedPhase): string[] {
    return participantsOfPhase(this.options.compiled.template, phase, discussion);
  }

  /** A participant without a persona, or flagged human in config, is a person: never asked by the engine. */
  private isPerson(alias: string): boolean {
    const fact = this.options.voterFact(alias);
    if (fact?.human !== undefined) return fact.human;
    return this.options.persona(alias) === undefined && isHumanName(alias);
  }

  private phase(id: string): ResolvedPhase {
    const phase = this.options.compiled.template.phases.find((p) => p.id === id);
    if (phase === undefined) {
      throw new QuorumError('TEMPLATE_INVALID', 2, `the discussion is in phase "${id}", which template ${this.options.compiled.template.id} does not have`);
    }
    return phase;
  }

  private finish(outcome: RunOutcome, message: string): RunResult {
    const phase = this.phase(this.currentPhase);
    const status = phase.final ?? 'OPEN';
    this.emit({ type: 'run-finish', outcome, phase: phase.id, status, rounds: this.roundsThisRun, usage: this.usage, cost: this.cost });
    return { outcome, phase: phase.id, status, rounds: this.roundsThisRun, usage: this.usage, cost: this.cost, message };
  }

  private emit(event: EngineEventInput): void {
    const onEvent = this.options.onEvent;
    if (onEvent !== undefined) onEvent({ time: this.timestamp(), ...event } as EngineEvent);
  }

  /** The clock's time as events carry it; events come several to a millisecond, so it is formatted once per millisecond. */
  private timestamp(): string {
    const now = this.clock();
    const ms = now.getTime();
    if (ms !== this.stampedAt) {
      this.stampedAt = ms;
      this.stamp = now.toISOString();
    }
    return this.stamp;
  }
}


function joinCallouts(...callouts: (string | null)[]): string | null {
  const present = callouts.filter((c): c is string => c !== null && c.trim() !== '');
  return present.length === 0 ? null : present.join('\n\n');
}

function minOf(a: number | null | undefined, b: number | null | undefined): number | null {
  const values = [a, b].filter((v): v is number => typeof v === 'number');
  return values.length === 0 ? null : Math.min(...values);
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
