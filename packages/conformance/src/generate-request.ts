// Builds GenerateRequestV1 values for provider tests: a persona, one user message in two
// parts (a cached stable part and a callout) and the real reply schema from @quorum/core,
// with everything overridable. Shared by the provider suite and the provider packages' tests.
import { responseSchema, toJsonSchema, type GenerateRequestV1, type PersonaV1, type TurnDescriptionV1 } from '@quorum/core';

/** The persona of every request {@link generateRequest} builds. */
export const persona: PersonaV1 = {
  name: 'AI-Architect',
  alias: 'architect',
  role: 'Systems Architect',
  personality: 'You weigh every proposal against how it fails under load.',
  expertise: ['distributed systems', 'resilience'],
  concerns: ['What happens when the upstream is down?'],
  type: 'voting',
};

/** The turn description of every request {@link generateRequest} builds. */
export const turn: TurnDescriptionV1 = {
  discussion: 'add-circuit-breaker.md',
  title: 'Add a circuit breaker',
  context: 'Providers fail; the engine should stop hammering them.',
  persona,
  phase: { id: 'review', title: 'Review', goal: 'Agree on the design', instructions: 'Vote when you are ready.', voting: true },
  round: 1,
  maxRounds: 3,
  participants: ['architect', 'security'],
  comments: [],
  openQuestions: [],
  callout: null,
};

/** The reply JSON Schema the engine sends, generated from core's zod schema. */
export const replySchema = toJsonSchema(responseSchema, { id: 'https://quorum.dev/schemas/response.schema.json', title: 'Quorum reply' });

export const SYSTEM_PROMPT = 'You are AI-Architect, a systems architect. Answer with JSON only.';
export const STABLE_PART = 'Phase: Review. Goal: agree on the design.\n\nTranscript so far: (none)';
export const CALLOUT_PART = 'Your turn: review the circuit breaker proposal.';

/** A valid request with an unaborted signal; `overrides` replace whole fields. */
export function generateRequest(overrides: Partial<GenerateRequestV1> = {}): GenerateRequestV1 {
  return {
    model: '',
    system: SYSTEM_PROMPT,
    messages: [
      {
        role: 'user',
        content: [{ text: STABLE_PART, cacheBreakpoint: true }, { text: CALLOUT_PART }],
      },
    ],
    responseSchema: replySchema,
    responseSchemaName: 'quorum_response',
    signal: new AbortController().signal,
    turn,
    ...overrides,
  };
}
