/** The two sides of the design debate, as the bundled template names them. */
export const DREAMER = 'dreamer';
export const COST_CUTTER = 'cost-cutter';

/** The persona aliases playing each side in one debate. */
export interface DebateSides {
  readonly dreamer: string;
  readonly costCutter: string;
}

export const DEFAULT_SIDES: DebateSides = { dreamer: DREAMER, costCutter: COST_CUTTER };

/**
 * The paragraph added to every prompt of the debate for `--intensity` (0-10): how hard the
 * sides push back. 0-3 collaborative, 4-6 firm, 7-10 relentless; the number itself is in the
 * text so a model can scale within a band.
 */
export function intensityGuidance(intensity: number): string {
  const level = `Debate intensity ${intensity} of 10`;
  if (intensity <= 3) {
    return (
      `${level} (collaborative): build on the other side's proposals rather than knocking them down. ` +
      'Concede good points at once, raise at most one objection a turn, and look early for the version of the design you could both sign.'
    );
  }
  if (intensity <= 6) {
    return (
      `${level} (firm): hold your position unless you are given a concrete reason to move. ` +
      'Challenge each new proposal once with a specific cost, risk or user need, concede only to evidence (a number, a failure mode, a user need), ' +
      'and say plainly what you are conceding.'
    );
  }
  return (
    `${level} (relentless pushback): challenge every proposal the other side makes: ask for the numbers, name the failure mode, put your alternative next to it. ` +
    'Concede only what you cannot counter, and do not accept a FINAL DESIGN until your strongest objection is answered in it. ' +
    'Stay civil: attack the idea, never the person.'
  );
}

/** Who argues which side, when `--personas` puts other personas in the two seats. */
export function sidesGuidance(sides: DebateSides): string | undefined {
  if (sides.dreamer === DREAMER && sides.costCutter === COST_CUTTER) return undefined;
  return (
    `In this debate @${sides.dreamer} argues the Dreamer's side (ambition: what would make the design remarkable for its users) and ` +
    `@${sides.costCutter} the Cost Cutter's side (economy: budget, delivery time, operations and the MVP). ` +
    'Wherever the instructions say the Dreamer or the Cost Cutter, they mean these participants.'
  );
}

/** The guidance for a debate: the intensity paragraph, then who plays which side when that differs from the template. */
export function debateGuidance(intensity: number, sides: DebateSides): string {
  return [intensityGuidance(intensity), sidesGuidance(sides)].filter((part) => part !== undefined).join('\n\n');
}

/** How many rounds before `--max-turns` the convergence hint appears: 20% of the turns, at least 2. */
export function convergenceWindow(maxTurns: number): number {
  return Math.max(2, Math.floor(maxTurns * 0.2));
}

/** The callout for the last rounds before the turn limit: converge on a FINAL DESIGN block now. */
export function convergenceHint(withinTurns: number): string {
  return (
    `The debate has at most ${withinTurns} rounds left before its turn limit. Converge now: settle the open trade-offs, ` +
    'and when it is your turn write the FINAL DESIGN block ("FINAL DESIGN:" on its first line) with the architecture components, ' +
    'data flows, storage and trade-offs that both sides can accept.'
  );
}
