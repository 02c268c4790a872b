import type { TurnDescriptionV1 } from '@quorum/core';

/**
 * What identifies one participant's turn for the simulated provider: the discussion, the
 * persona's alias, the phase and the round. Replies, latencies and faults are drawn from
 * streams named by this key (and the seed), never from the time or the order of calls.
 */
export function requestKey(turn: Pick<TurnDescriptionV1, 'discussion' | 'phase' | 'round'> & { readonly persona: { readonly alias: string } }): string {
  return [turn.discussion, turn.persona.alias, turn.phase.id, String(turn.round)].join('\u0000');
}
