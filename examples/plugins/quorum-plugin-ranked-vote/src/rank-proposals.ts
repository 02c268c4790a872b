/** The fields of a marker (as `quorum parse` prints it) that the count reads. */
export interface MarkerLike {
  readonly type: string;
  readonly argument: string | null;
  readonly text: string;
  readonly author: string;
  readonly line: number;
}

export interface Standing {
  readonly id: string;
  readonly text: string;
  readonly author: string;
  readonly points: number;
}

export interface ProposalCount {
  /** Proposals by points, most first; equal points keep the order they were proposed in. */
  readonly standings: readonly Standing[];
  /** The proposal with the most points, or null with no rankings or a tie for first. */
  readonly winner: string | null;
  /** How many rankings counted: the latest of each author. */
  readonly rankings: number;
  /** Ids named in rankings that no proposal has, with who named them. */
  readonly unknown: readonly { readonly id: string; readonly author: string; readonly line: number }[];
}

const normalize = (id: string) => id.trim().toLowerCase();

/**
 * A Borda count over proposals. Each author's latest `RANK:` line counts (a later ranking
 * replaces an earlier one, as a later vote does). With n proposals, the first id a ranking
 * names earns n − 1 points, the next n − 2, and so on; proposals a ranking leaves out earn
 * nothing from it. Ids are matched case-insensitively; a repeated id counts where it first
 * appears; an id no proposal has is reported in `unknown`. The first proposal with an id
 * wins over a later one with the same id.
 */
export function rankProposals(markers: readonly MarkerLike[]): ProposalCount {
  const proposals = new Map<string, { id: string; text: string; author: string }>();
  for (const marker of markers) {
    if (marker.type !== 'proposal' || marker.argument === null) continue;
    const key = normalize(marker.argument);
    if (key !== '' && !proposals.has(key)) proposals.set(key, { id: marker.argument.trim(), text: marker.text, author: marker.author });
  }
  const latest = new Map<string, MarkerLike>();
  for (const marker of markers) {
    if (marker.type !== 'rank') continue;
    const previous = latest.get(marker.author);
    if (previous === undefined || marker.line > previous.line) latest.set(marker.author, marker);
  }
  const points = new Map<string, number>([...proposals.keys()].map((key) => [key, 0]));
  const unknown: { id: string; author: string; line: number }[] = [];
  const n = proposals.size;
  for (const ranking of latest.values()) {
    const seen = new Set<string>();
    let place = 0;
    for (const part of ranking.text.split(/>|,/)) {
      const key = normalize(part);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      if (!proposals.has(key)) {
        unknown.push({ id: part.trim(), author: ranking.author, line: ranking.line });
        continue;
      }
      points.set(key, points.get(key)! + (n - 1 - place));
      place++;
    }
  }
  const standings = [...proposals.entries()]
    .map(([key, proposal], order) => ({ ...proposal, points: points.get(key)!, order }))
    .sort((a, b) => b.points - a.points || a.order - b.order)
    .map(({ order: _order, ...standing }) => standing);
  const top = standings[0];
  const winner = latest.size > 0 && top !== undefined && standings[1]?.points !== top.points ? top.id : null;
  return { standings, winner, rankings: latest.size, unknown };
}

/** The count as people read it, one proposal a line. */
export function formatProposalCount(count: ProposalCount): string {
  if (count.standings.length === 0) return 'No proposals yet: write one as PROPOSAL(id): what you propose\n';
  const lines = [`Borda count over ${count.rankings} ranking${count.rankings === 1 ? '' : 's'} of ${count.standings.length} proposal${count.standings.length === 1 ? '' : 's'}:`];
  count.standings.forEach((standing, index) => {
    lines.push(`  ${index + 1}. ${standing.id} (${standing.points} point${standing.points === 1 ? '' : 's'}): ${standing.text} (${standing.author})`);
  });
  for (const entry of count.unknown) lines.push(`  ignored: ${entry.author} ranked "${entry.id}" (line ${entry.line}), which no proposal has`);
  lines.push(count.winner === null ? (count.rankings === 0 ? 'No rankings yet: write one as RANK: id > id > id' : 'No winner: the first place is tied') : `Winner: ${count.winner}`);
  return `${lines.join('\n')}\n`;
}
