import { responseSchema, toJsonSchema, type GenerateRequestV1, type PersonaV1 } from '@quorum/core';

/** The response schema the engine sends, generated from core's zod schema. */
export const RESPONSE_JSON_SCHEMA = toJsonSchema(responseSchema, {
  id: 'https://quorum.dev/schemas/response.schema.json',
  title: 'Quorum response',
});

export const ARCHITECT: PersonaV1 = {
  name: 'AI-Architect',
  alias: 'architect',
  role: 'Systems Architect',
  personality: 'You are AI-Architect, a systems architect who cares about boundaries and failure modes.',
  expertise: ['distributed systems'],
  concerns: ['What happens when this fails?'],
  type: 'voting',
};

/** A realistic request: persona system text, one user message in two parts, the response schema. */
export function generateRequest(overrides: Partial<GenerateRequestV1> = {}): GenerateRequestV1 {
  return {
    model: '',
    system: `${ARCHITECT.personality}\nAnswer as JSON with "comment" and "vote".`,
    messages: [
      {
        role: 'user',
        content: [
          { text: '# Add rate limiting\n\nPhase: initial feedback. Goal: collect concerns.', cacheBreakpoint: true },
          { text: 'Your turn, @architect.' },
        ],
      },
    ],
    responseSchema: RESPONSE_JSON_SCHEMA,
    responseSchemaName: 'quorum_response',
    signal: new AbortController().signal,
    turn: {
      discussion: 'add-rate-limiting.md',
      title: 'Add rate limiting',
      context: 'We need rate limiting on the public API.',
      persona: ARCHITECT,
      phase: { id: 'initial_feedback', title: 'Initial feedback', goal: 'Collect concerns', instructions: '', voting: true },
      round: 1,
      maxRounds: 3,
      participants: ['architect'],
      comments: [],
      openQuestions: [],
      callout: null,
    },
    ...overrides,
  };
}
