import type { EngineEvent } from '@quorum/engine';

/** How a run reports progress: live lines on a terminal, plain lines otherwise, or JSON Lines with --json. */
export type ProgressMode = 'live' | 'plain' | 'json';

type ParticipantState =
  | { state: 'waiting' }
  | { state: 'thinking'; model: string }
  | { state: 'retrying'; model: string; attempt: number; reason: string }
  | { state: 'done'; text: string }
  | { state: 'failed'; reason: string };

/** What the renderer writes to: a live area that is redrawn, and lines that stay. */
export interface ProgressOutput {
  /** Redraws the live area (a terminal); absent when not a terminal. */
  readonly live?: { update(text: string): void; done(): void; clear(): void };
  /** A line that stays (progress on stderr). */
  line(text: string): void;
  /** A JSON line on standard output. */
  json(text: string): void;
}

/**
 * Turns engine events into progress output: on a terminal one live line per participant of
 * the current round (waiting, thinking, retrying, done with latency and tokens, failed),
 * with phase changes and vote tallies printed above it; plain lines when not a terminal;
 * with --json every event as one JSON line.
 */
export class RunProgress {
  private participants = new Map<string, ParticipantState>();
  private header = '';

  constructor(
    private readonly mode: ProgressMode,
    private readonly output: ProgressOutput,
  ) {}

  handle(event: EngineEvent): void {
    if (this.mode === 'json') {
      this.output.json(JSON.stringify(event));
      return;
    }
    switch (event.type) {
      case 'notice':
        this.persist(`note: ${event.message}`);
        break;
      case 'run-start':
        this.persist(`${event.discussion}: template ${event.template}, phase ${event.phase}`);
        break;
      case 'turn-start':
        this.header = `${event.phase} round ${event.round}${event.resumed ? ' (resumed)' : ''}`;
        this.participants = new Map(event.asking.map((alias) => [alias, { state: 'waiting' }]));
        if (this.mode === 'plain') this.output.line(`${this.header}: asking ${event.asking.join(', ')}`);
        break;
      case 'participant-start':
        this.set(event.participant, { state: 'thinking', model: event.model });
        break;
      case 'participant-retry':
        this.set(event.participant, { state: 'retrying', model: event.model, attempt: event.attempt, reason: event.reason });
        if (this.mode === 'plain') this.output.line(`  ${event.participant}: retry ${event.attempt} in ${event.delayMs} ms (${event.reason})`);
        break;
      case 'participant-fallback':
        this.set(event.participant, { state: 'thinking', model: event.to });
        if (this.mode === 'plain') this.output.line(`  ${event.participant}: falling back from ${event.from} to ${event.to} (${event.reason})`);
        break;
      case 'breaker-open':
        this.persist(`circuit open for ${event.provider}: it failed repeatedly, so it is not called for a while`);
        break;
      case 'participant-finish': {
        const tokens = `${event.usage.inputTokens}+${event.usage.outputTokens} tokens`;
        const cost = event.cost === null ? '' : `, $${event.cost.toFixed(4)}`;
        const what = event.outcome === 'comment' ? (event.vote === null ? 'commented' : `voted ${event.vote}`) : event.outcome === 'no-response' ? 'nothing to add' : 'failed';
        const state: ParticipantState =
          event.outcome === 'failed'
            ? { state: 'failed', reason: event.reason ?? 'failed' }
            : { state: 'done', text: `${what} in ${(event.latencyMs / 1000).toFixed(1)} s (${tokens}${cost})` };
        this.set(event.participant, state);
        if (this.mode === 'plain') this.output.line(`  ${event.participant}: ${describe(state)}`);
        break;
      }
      case 'vote-count': {
        const counts = Object.entries(event.counts).map(([vote, n]) => `${vote} ${n}`).join(', ');
        const choice = event.choice === undefined ? '' : `; choice ${event.choice ?? 'none yet'}`;
        this.persist(`votes in ${event.phase}: ${counts}; ${event.reached ? `consensus ${event.outcome}` : 'no consensus yet'}${choice}`);
        break;
      }
      case 'phase-change':
        this.persist(`phase ${event.from} -> ${event.to}${event.status === null ? '' : ` (${event.status})`}`);
        break;
      case 'budget-stop':
        this.persist(`budget: ${event.limit} is ${event.cap}; spent ${event.spent}, next round about ${event.next.toFixed(6)}`);
        break;
      case 'human-wait':
        this.persist(`waiting for a person in ${event.phase}: ${event.reason}`);
        break;
      case 'turn-finish':
        if (this.mode === 'live') this.output.live?.done();
        this.participants.clear();
        break;
      case 'run-finish':
        this.output.live?.clear();
        break;
      default:
        break;
    }
  }

  private set(alias: string, state: ParticipantState): void {
    this.participants.set(alias, state);
    this.redraw();
  }

  /** A line that stays, printed above the live area. */
  private persist(text: string): void {
    if (this.mode === 'live' && this.output.live !== undefined) {
      this.output.live.clear();
      this.output.line(text);
      this.redraw();
    } else {
      this.output.line(text);
    }
  }

  private redraw(): void {
    if (this.mode !== 'live' || this.output.live === undefined || this.participants.size === 0) return;
    const width = Math.max(...[...this.participants.keys()].map((alias) => alias.length));
    const lines = [...this.participants].map(([alias, state]) => `  ${alias.padEnd(width)}  ${describe(state)}`);
    this.output.live.update([this.header, ...lines].join('\n'));
  }
}

function describe(state: ParticipantState): string {
  switch (state.state) {
    case 'waiting':
      return 'waiting';
    case 'thinking':
      return `thinking (${state.model})`;
    case 'retrying':
      return `retrying (${state.model}, attempt ${state.attempt + 1}: ${state.reason})`;
    case 'done':
      return state.text;
    case 'failed':
      return `failed: ${state.reason}`;
  }
}
