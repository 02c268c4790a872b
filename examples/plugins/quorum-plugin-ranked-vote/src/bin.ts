#!/usr/bin/env node
// quorum-borda: reads `quorum parse FILE` output on standard input and prints the Borda
// count of the discussion's PROPOSAL options from its RANK lines.
import { formatProposalCount, rankProposals, type MarkerLike } from './rank-proposals.js';

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  if (process.stdin.isTTY) {
    process.stderr.write('quorum-borda: pipe `quorum parse FILE` into it: quorum parse discussions/x.md | quorum-borda\n');
    return 2;
  }
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  let parsed: { markers?: Record<string, MarkerLike[]> };
  try {
    parsed = JSON.parse(input) as typeof parsed;
  } catch {
    process.stderr.write('quorum-borda: standard input is not JSON; pipe the output of `quorum parse FILE` into it\n');
    return 2;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.markers !== 'object') {
    process.stderr.write('quorum-borda: the JSON has no "markers"; pipe the output of `quorum parse FILE` into it\n');
    return 2;
  }
  if (parsed.markers.proposal === undefined && parsed.markers.rank === undefined) {
    process.stderr.write('quorum-borda: the discussion has no PROPOSAL or RANK lines that Quorum read as markers; write PROPOSAL(id): lines, and name quorum-plugin-ranked-vote under plugins in the config\n');
    return 2;
  }
  const markers = [...(parsed.markers.proposal ?? []), ...(parsed.markers.rank ?? [])];
  const count = rankProposals(markers);
  process.stdout.write(json ? `${JSON.stringify(count, null, 2)}\n` : formatProposalCount(count));
  return 0;
}

process.exitCode = await main();
