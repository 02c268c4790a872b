import { z } from 'zod';
import { VOTE_VALUES } from './vote.js';

/** What a participant answers with when it has nothing to add this round. */
export const NO_RESPONSE = 'NO_RESPONSE';

/**
 * A participant's reply, the JSON every provider is asked for (`schemas/response.schema.json`).
 * Both keys are required and nothing else is allowed, so the schema is accepted by the
 * strictest structured-output modes (OpenAI's `strict: true`). A reply of exactly
 * `NO_RESPONSE` means "nothing to add"; the seed's `{"sentinel": "NO_RESPONSE"}` is
 * accepted too.
 */
export const responseSchema = z
  .strictObject({
    comment: z
      .string()
      .describe(
        `Your comment in Markdown, with markers (Q:, TODO:, DECISION:, CONCERN:…) on their own lines and @alias mentions; exactly ${NO_RESPONSE} when you have nothing to add.`,
      ),
    vote: z
      .enum(VOTE_VALUES)
      .nullable()
      .describe('READY, CHANGES or REJECT when votes count in this phase and you vote; null otherwise.'),
  })
  .describe("A participant's reply in a Quorum discussion.");

export type ParticipantResponse = z.infer<typeof responseSchema>;
