import fc from 'fast-check';
import { VOTE_VALUES, isVoteValue, type Ballot, type Tally, type Voter, type VoteValue, type VotingStrategyV1 } from '@quorum/core';
import { assert, registerChecks, type ConformanceCheck } from './conformance-check.js';
import { validateOptions } from './validate-options.js';

/**
 * The host's vote count (`countVotes` from @quorum/voting), passed in because the suite
 * must not depend on the voting package (it runs the suite itself). Only the fields the
 * suite reads are declared.
 */
export type CountVotes = (input: {
  readonly phase: string | null;
  readonly comments: readonly { readonly author: string; readonly vote: VoteValue | null; readonly line: number }[];
  readonly voteResets: readonly { readonly phase: string; readonly line: number }[];
  readonly roster: readonly { readonly id: string; readonly weight?: number; readonly human?: boolean }[];
  readonly strategy: VotingStrategyV1;
  readonly options: Record<string, unknown>;
}) => { readonly reached: boolean; readonly outcome: VoteValue | null; readonly votes: Readonly<Record<string, VoteValue>> };

export interface VotingStrategyHost {
  readonly countVotes: CountVotes;
}

const AUTHORS = ['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'Rob', 'Alice', 'AI-Designer'] as const;

const votersArbitrary: fc.Arbitrary<Voter[]> = fc
  .uniqueArray(fc.constantFrom(...AUTHORS), { minLength: 1, maxLength: AUTHORS.length })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), weight: fc.integer({ min: 1, max: 3 }), human: fc.constant(!id.startsWith('AI-')) }))),
  );

/** Voters, and a ballot from some of them. */
const electionArbitrary = votersArbitrary.chain((voters) =>
  fc.tuple(
    fc.constant(voters),
    fc.subarray(voters).chain((casting) => fc.tuple(...casting.map((voter) => fc.constantFrom(...VOTE_VALUES).map((vote): Ballot => ({ voter: voter.id, vote }))))),
  ),
);

function comparable(tally: Tally): unknown {
  return { reached: tally.reached, outcome: tally.outcome, blockedBy: [...tally.blockedBy].sort() };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The options a check runs with: each case validated against the schema, defaults filled in. */
function validatedCases(strategy: VotingStrategyV1, optionsCases: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return [{}, ...optionsCases].map((options) => {
    const result = validateOptions(strategy.optionsSchema, options);
    assert(result.ok, `the options ${JSON.stringify(options)} fail the strategy's own schema: ${result.ok ? '' : result.errors}`);
    return result.value as Record<string, unknown>;
  });
}

/** The checks of {@link votingStrategyConformance}, as plain functions. */
export function votingStrategyChecks(
  strategy: VotingStrategyV1,
  optionsCases: readonly Record<string, unknown>[],
  host: VotingStrategyHost,
  settings: { readonly numRuns?: number } = {},
): ConformanceCheck[] {
  const numRuns = settings.numRuns ?? 100;
  return [
    {
      name: 'declares specificationVersion v1, a name, a description and an options schema with defaults that validates {}',
      run: () => {
        assert(strategy.specificationVersion === 'v1', `specificationVersion is ${JSON.stringify(strategy.specificationVersion)}, not "v1"`);
        assert(/^[a-z][a-z0-9_-]*$/.test(strategy.name), `the name ${JSON.stringify(strategy.name)} is not lowercase letters, digits, "_" and "-"`);
        assert(typeof strategy.description === 'string' && strategy.description.trim() !== '', 'the description is empty');
        let result: ReturnType<typeof validateOptions>;
        try {
          result = validateOptions(strategy.optionsSchema, {});
        } catch (error) {
          assert(false, `the options schema does not compile: ${(error as Error).message}`);
        }
        assert(result.ok, `the options schema refuses {} (every option needs a default): ${result.ok ? '' : result.errors}`);
      },
    },
    {
      name: 'accepts each given options case',
      run: () => {
        validatedCases(strategy, optionsCases);
      },
    },
    {
      name: 'the order of ballots never changes the tally',
      run: () => {
        for (const options of validatedCases(strategy, optionsCases)) {
          fc.assert(
            fc.property(electionArbitrary, fc.integer(), ([voters, ballots], seed) => {
              const shuffled = fc.sample(fc.shuffledSubarray(ballots, { minLength: ballots.length, maxLength: ballots.length }), { numRuns: 1, seed })[0]!;
              const first = strategy.tally({ ballots, voters, options });
              const second = strategy.tally({ ballots: shuffled, voters: [...voters].reverse(), options });
              assert(same(comparable(first), comparable(second)), `the same ballots in another order gave ${JSON.stringify(comparable(second))}, not ${JSON.stringify(comparable(first))} (options ${JSON.stringify(options)})`);
            }),
            { numRuns },
          );
        }
      },
    },
    {
      name: 'is pure: the same input gives the same tally and is never changed',
      run: () => {
        for (const options of validatedCases(strategy, optionsCases)) {
          fc.assert(
            fc.property(electionArbitrary, ([voters, ballots]) => {
              const input = structuredClone({ ballots, voters, options });
              const first = strategy.tally(input);
              assert(same(input, { ballots, voters, options }), 'tally changed its input');
              assert(same(first, strategy.tally(input)), 'two tallies of the same input differ');
            }),
            { numRuns },
          );
        }
      },
    },
    {
      name: 'reached and outcome agree, blockedBy names REJECT voters only, and there is a reason',
      run: () => {
        for (const options of validatedCases(strategy, optionsCases)) {
          fc.assert(
            fc.property(electionArbitrary, ([voters, ballots]) => {
              const tally = strategy.tally({ ballots, voters, options });
              assert(typeof tally.reached === 'boolean', 'reached is not a boolean');
              assert(tally.reached === (tally.outcome !== null), `reached is ${tally.reached} but the outcome is ${JSON.stringify(tally.outcome)}`);
              assert(tally.outcome === null || isVoteValue(tally.outcome), `the outcome ${JSON.stringify(tally.outcome)} is not a vote`);
              const rejecters = new Set(ballots.filter((ballot) => ballot.vote === 'REJECT').map((ballot) => ballot.voter));
              assert(tally.blockedBy.every((voter) => rejecters.has(voter)), `blockedBy ${JSON.stringify(tally.blockedBy)} names voters who did not vote REJECT`);
              assert(tally.blockedBy.length === 0 || tally.outcome !== 'READY', 'READY is the outcome although REJECT votes block it');
              assert(ballots.length > 0 || tally.outcome !== 'READY', 'READY is reached with no votes at all');
              assert(typeof tally.reason === 'string' && tally.reason.trim() !== '', 'the tally gives no reason');
            }),
            { numRuns },
          );
        }
      },
    },
    {
      name: "only each voter's latest vote counts (through the host's countVotes)",
      run: () => {
        const castArbitrary = fc.array(fc.record({ author: fc.constantFrom(...AUTHORS), vote: fc.constantFrom(null, ...VOTE_VALUES) }), { maxLength: 14 });
        for (const options of validatedCases(strategy, optionsCases)) {
          fc.assert(
            fc.property(castArbitrary, fc.subarray([...AUTHORS]), (casts, rosterIds) => {
              const comments = casts.map((cast, index) => ({ ...cast, line: 10 + index * 5 }));
              const latest = new Map<string, VoteValue>();
              for (const comment of comments) if (comment.vote !== null) latest.set(comment.author, comment.vote);
              const onlyLatest = comments.filter((comment) => comment.vote !== null && comments.findLast((other) => other.author === comment.author && other.vote !== null) === comment);
              const roster = rosterIds.map((id) => ({ id }));
              const base = { phase: 'review', voteResets: [], roster, strategy, options };
              const all = host.countVotes({ ...base, comments });
              const reduced = host.countVotes({ ...base, comments: [...onlyLatest].reverse() });
              assert(same(Object.entries(all.votes).sort(), [...latest].sort()), `countVotes counted ${JSON.stringify(all.votes)}, but the latest votes are ${JSON.stringify(Object.fromEntries(latest))}`);
              assert(all.reached === reduced.reached && all.outcome === reduced.outcome, 'superseded votes changed the outcome');
            }),
            { numRuns },
          );
        }
      },
    },
  ];
}

/**
 * Registers the voting strategy conformance suite: shape and options schema (defaults, and
 * each of `optionsCases`), ballot order independence, purity, reached/outcome consistency,
 * and latest-vote-only counting through the host's `countVotes`.
 */
export function votingStrategyConformance(
  name: string,
  strategy: VotingStrategyV1,
  optionsCases: readonly Record<string, unknown>[],
  host: VotingStrategyHost,
  settings: { readonly numRuns?: number } = {},
): void {
  registerChecks(`voting strategy conformance: ${name}`, votingStrategyChecks(strategy, optionsCases, host, settings));
}
