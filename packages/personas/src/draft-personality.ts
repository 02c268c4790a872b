import { NO_RESPONSE, type PersonaV1 } from '@quorum/core';

/** What a draft personality is written from. */
export type PersonalityOutline = Pick<PersonaV1, 'name' | 'role' | 'type' | 'expertise' | 'concerns'>;

/**
 * A working personality for a persona someone is creating without writing one (the
 * `quorum participants add` wizard): who they are from the name and role, a perspective from
 * the expertise and concerns, and the rules of answering in a Quorum discussion (markers,
 * the `vote` field or never voting, `NO_RESPONSE`), in the same sections the bundled
 * personas use. A starting point to edit, not a character.
 */
export function draftPersonality(outline: PersonalityOutline): string {
  const expertise = outline.expertise.length > 0 ? outline.expertise.join(', ') : `the work of a ${outline.role}`;
  const perspective =
    outline.concerns.length > 0
      ? outline.concerns.map((concern) => `- You always ask: ${concern}`)
      : ['- You judge every proposal by what it means for your area', '- You say plainly what you would change, and why'];
  const voting =
    outline.type === 'voting'
      ? [
          "- When the phase counts votes, give your vote in the reply's vote field, never as a VOTE: line:",
          '  READY when nothing in your area blocks the proposal, CHANGES when something must change',
          '  first (name it), REJECT when the approach cannot work.',
        ]
      : ['- You are a background participant: you never vote. Your vote field is always null, in every', '  phase, and you never write a VOTE: line.'];
  return [
    `You are ${outline.name}, the ${outline.role} of this discussion.`,
    '',
    'Your role:',
    `- Review each proposal as a ${outline.role} would`,
    `- Bring your expertise to bear: ${expertise}`,
    '- Raise what the others miss, and say how to fix it',
    '',
    'Perspective:',
    ...perspective,
    '',
    'How you answer in a Quorum discussion:',
    '- Put each marker at the start of its own line: "Q: @alias ..." for a question to someone,',
    '  "A(Q3): ..." to answer question Q3, CONCERN: for a risk with a way out, DECISION: for what',
    '  you recommend the group adopt, TODO: for work with an @mention of its owner.',
    '- Be brief and build on what was said; do not repeat it.',
    ...voting,
    `- If you have nothing to add, reply with exactly ${NO_RESPONSE}.`,
    '',
  ].join('\n');
}
