import type { Ballot, Marker, Tally, Voter, VotingStrategyV1 } from '@quorum/core';

/** Options of the `borda` strategy. */
export interface BordaOptions extends Record<string, unknown> {
  /** Share of the eligible voters (by count) whose latest vote must carry a ranking before a winner counts. */
  readonly min_turnout: number;
  /** Whether a ranking counts with its voter's weight (config `voters.<name>.weight`) instead of 1. */
  readonly weighted: boolean;
}

/** A proposal: the first `PROPOSAL(id):` line with that id (ids compare case-insensitively). */
export interface Proposal {
  readonly id: string;
  readonly text: string;
  readonly author: string;
  readonly line: number;
}

export interface Standing extends Proposal {
  readonly points: number;
}

/** A Borda count over the proposals of a phase. */
export interface BordaCount {
  /** Every proposal by points, most first; equal points keep the order they were proposed in. */
  readonly standings: readonly Standing[];
  /** Voters whose ballot carries a ranking that names at least one proposal. */
  readonly rankers: readonly string[];
  /** Ids named in rankings that no proposal has, once each, in the order of the voters' names. */
  readonly unknown: readonly string[];
}

const normalize = (id: string) => id.trim().toLowerCase();
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const format = (n: number) => String(Math.round(n * 100) / 100);

/** The proposals among `markers` (file order): the first `PROPOSAL(id):` with an id wins over later ones. */
export function proposalsOf(markers: readonly Marker[]): Proposal[] {
  const proposals = new Map<string, Proposal>();
  for (const marker of markers) {
    if (marker.type !== 'proposal' || marker.argument === null) continue;
    const key = normalize(marker.argument);
    if (key !== '' && !proposals.has(key)) proposals.set(key, { id: marker.argument.trim(), text: marker.text, author: marker.author, line: marker.line });
  }
  return [...proposals.values()];
}

/** The ids a `RANK:` line names, best first: split on `>` or `,`, blanks dropped, as written. */
export function rankedIds(text: string): string[] {
  return text
    .split(/>|,/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A ballot's ranking: the last `RANK:` line of the comment that cast it, or undefined. */
export function rankingOf(ballot: Ballot): Marker | undefined {
  return ballot.markers?.findLast((marker) => marker.type === 'rank');
}

/**
 * The Borda count. With n proposals, the first proposal a ranking names earns n − 1 points
 * (times the voter's weight when `weighted`), the next n − 2, and so on; proposals a ranking
 * leaves out earn nothing from it. A repeated id counts where it first appears; an unknown id
 * takes no place. Sums run in the order of the voters' names, so they never depend on the
 * order of the ballots.
 */
export function bordaCount(proposals: readonly Proposal[], ballots: readonly Ballot[], voters: readonly Voter[], weighted: boolean): BordaCount {
  const index = new Map(proposals.map((proposal, position) => [normalize(proposal.id), position]));
  const weightOf = new Map(voters.map((voter) => [voter.id, voter.weight]));
  const points = proposals.map(() => 0);
  const rankers: string[] = [];
  const unknown = new Set<string>();
  const n = proposals.length;
  for (const ballot of [...ballots].sort((a, b) => byName(a.voter, b.voter))) {
    const ranking = rankingOf(ballot);
    if (ranking === undefined) continue;
    const weight = weighted ? (weightOf.get(ballot.voter) ?? 1) : 1;
    const seen = new Set<number>();
    for (const id of rankedIds(ranking.text)) {
      const position = index.get(normalize(id));
      if (position === undefined) unknown.add(id);
      else if (!seen.has(position)) {
        points[position]! += (n - 1 - seen.size) * weight;
        seen.add(position);
      }
    }
    if (seen.size > 0) rankers.push(ballot.voter);
  }
  const standings = proposals
    .map((proposal, position) => ({ ...proposal, points: points[position]!, position }))
    .sort((a, b) => b.points - a.points || a.position - b.position)
    .map(({ position: _position, ...standing }) => standing);
  return { standings, rankers, unknown: [...unknown] };
}

/**
 * A Borda count over the options proposed in the phase. The options are the phase's
 * `PROPOSAL(id):` markers (`TallyInput.markers`); each ballot's ranking is the `RANK:` line of
 * the comment that cast it (`Ballot.markers`), so a voter ranks and votes in one comment; the
 * vote itself only carries the ranking. The proposal with the most points is the `choice` once
 * at least `min_turnout` of the eligible voters ranked; a tie for first place goes to the
 * proposal made first, and the reason says so. `outcome` is READY when a proposal is chosen
 * (so `consensus: READY` moves a template on) and null otherwise; Borda never blocks.
 */
export const bordaStrategy: VotingStrategyV1<BordaOptions> = {
  specificationVersion: 'v1',
  name: 'borda',
  description: 'A Borda count over the PROPOSAL(id) options, ranked with a RANK line in the comment that carries each vote; the most points wins.',
  optionsSchema: {
    type: 'object',
    description: 'Options of the borda voting strategy.',
    additionalProperties: false,
    properties: {
      min_turnout: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 1,
        description: 'Share of the eligible voters whose latest vote must carry a RANK line before a winner counts (1 = everyone).',
      },
      weighted: { type: 'boolean', default: false, description: "Count each ranking with its voter's weight." },
    },
  },
  tally({ ballots, voters, options, markers }): Tally {
    const nothing = (reason: string): Tally => ({ reached: false, outcome: null, blockedBy: [], reason, choice: null });
    if (markers === undefined) return nothing('This Quorum passes no markers to voting strategies, so borda cannot see the proposals; upgrade Quorum.');
    const proposals = proposalsOf(markers);
    if (proposals.length === 0) return nothing('No proposals yet: write one as PROPOSAL(id): what you propose.');

    const { standings, rankers, unknown } = bordaCount(proposals, ballots, voters, options.weighted);
    const eligible = voters.length;
    const ignored = unknown.length === 0 ? '' : ` (ignored unknown ${unknown.length === 1 ? 'id' : 'ids'} ${unknown.join(', ')})`;
    const summary = `Borda count over ${plural(rankers.length, 'ranking')} of ${plural(proposals.length, 'proposal')}: ${standings.map((s) => `${s.id} ${format(s.points)}`).join(', ')}${ignored}`;
    if (eligible === 0) return nothing(`${summary}; waiting for someone to rank.`);
    if (rankers.length === 0 || rankers.length / eligible + 1e-9 < options.min_turnout) {
      const needed = Math.max(1, Math.ceil(options.min_turnout * eligible - 1e-9));
      return nothing(`${summary}; waiting for ${needed} of ${eligible} voters to rank.`);
    }
    const [first, ...rest] = standings as [Standing, ...Standing[]];
    const tied = rest.filter((standing) => Math.abs(standing.points - first.points) < 1e-9);
    const verdict =
      tied.length === 0
        ? `${first.id} wins`
        : `${[first, ...tied].map((s) => s.id).join(' and ')} tie, and ${first.id} wins as the earliest proposal`;
    return { reached: true, outcome: 'READY', blockedBy: [], reason: `${summary}; ${verdict}.`, choice: first.id };
  },
};
