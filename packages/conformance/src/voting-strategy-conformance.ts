import fc from 'fast-check';
import { VOTE_VALUES, isVoteValue, type Ballot, type Marker, type Tally, type TallyInput, type Voter, type VoteValue, type VotingStrategyV1 } from '@quorum/core';
import { assert, registerChecks, type ConformanceCheck } from './conformance-check.js';
import { forEveryOptions, validateOptions } from './validate-options.js';

/**
 * The host's vote count (`countVotes` from @quorum/voting), passed in because the suite
 * must not depend on the voting package (it runs the suite itself). Only the fields the
 * suite reads are declared.
 */
export type CountVotes = (input: {
  readonly phase: string | null;
  readonly comments: readonly { readonly author: string; readonly vote: VoteValue | null; readonly line: number; readonly comment?: number }[];
  readonly voteResets: readonly { readonly phase: string; readonly line: number }[];
  readonly roster: readonly { readonly id: string; readonly weight?: number; readonly human?: boolean }[];
  readonly strategy: VotingStrategyV1;
  readonly options: Record<string, unknown>;
  readonly markers?: readonly Marker[];
}) => { readonly reached: boolean; readonly outcome: VoteValue | null; readonly votes: Readonly<Record<string, VoteValue>>; readonly choice?: string | null };

export interface VotingStrategyHost {
  readonly countVotes: CountVotes;
}

/** A marker as a test gives it; the suite puts it in comments, with an author, a line and a comment index. */
export type MarkerSample = Pick<Marker, 'type' | 'keyword' | 'argument' | 'text'>;

export interface VotingStrategySettings {
  readonly numRuns?: number;
  /**
   * Markers the strategy reads (`PROPOSAL(a): …`, `RANK: a > b`): the suite scatters them,
   * with a few default-set markers, over the ballots' comments and the phase, so the checks
   * also exercise the strategy's use of `Ballot.markers` and `TallyInput.markers`.
   */
  readonly markers?: readonly MarkerSample[];
}

const AUTHORS = ['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'Rob', 'Alice', 'AI-Designer'] as const;

/** Markers of the default set that every strategy may meet in a phase. */
const COMMON_MARKERS: readonly MarkerSample[] = [
  { type: 'decision', keyword: 'DECISION', argument: null, text: 'Use a queue.' },
  { type: 'question', keyword: 'Q', argument: null, text: 'What about retries?' },
];

/** What a strategy is asked to tally; `markers` absent as from an older host. */
interface Election {
  readonly voters: Voter[];
  readonly ballots: Ballot[];
  readonly markers?: Marker[];
}

const votersArbitrary: fc.Arbitrary<Voter[]> = fc
  .uniqueArray(fc.constantFrom(...AUTHORS), { minLength: 1, maxLength: AUTHORS.length })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), weight: fc.integer({ min: 1, max: 3 }), human: fc.constant(!id.startsWith('AI-')) }))),
  );

/** Voters, and a ballot from some of them, without markers (an older host). */
const plainElectionArbitrary: fc.Arbitrary<Election> = votersArbitrary.chain((voters) =>
  fc
    .subarray(voters)
    .chain((casting) => fc.tuple(...casting.map((voter) => fc.constantFrom(...VOTE_VALUES).map((vote): Ballot => ({ voter: voter.id, vote })))))
    .map((ballots) => ({ voters, ballots })),
);

/** Places markers in a phase: one comment per ballot (its markers go on the ballot) and others without a vote, interleaved. */
function withMarkersArbitrary(election: Election, pool: readonly MarkerSample[]): fc.Arbitrary<Election> {
  const markerList = (minLength: number) => fc.array(fc.constantFrom(...pool), { minLength, maxLength: 3 });
  const others = fc.array(fc.record({ author: fc.constantFrom(...AUTHORS), samples: markerList(1) }), { maxLength: 4 });
  return fc
    .tuple(fc.tuple(...election.ballots.map(() => markerList(0))), others)
    .chain(([own, extra]) => {
      const comments = [
        ...election.ballots.map((ballot, index) => ({ author: ballot.voter, samples: own[index]!, ballot: index as number | undefined })),
        ...extra.map((comment) => ({ ...comment, ballot: undefined })),
      ];
      return fc.shuffledSubarray(comments, { minLength: comments.length, maxLength: comments.length });
    })
    .map((comments) => {
      const markers: Marker[] = [];
      const ballots = [...election.ballots];
      let line = 10;
      comments.forEach((comment, index) => {
        const own = comment.samples.map((sample): Marker => ({ ...sample, author: comment.author, comment: index, line: ++line, mentions: [] }));
        markers.push(...own);
        if (comment.ballot !== undefined) ballots[comment.ballot] = { ...ballots[comment.ballot]!, markers: own };
        line += 3;
      });
      return { voters: election.voters, ballots, markers };
    });
}

/** Elections with and without markers: from a current host and from an older one. */
function electionArbitrary(pool: readonly MarkerSample[]): fc.Arbitrary<Election> {
  return fc.oneof(plainElectionArbitrary, plainElectionArbitrary.chain((election) => withMarkersArbitrary(election, pool)));
}

function inputOf(election: Election, options: Record<string, unknown>): TallyInput<Record<string, unknown>> {
  return election.markers === undefined
    ? { ballots: election.ballots, voters: election.voters, options }
    : { ballots: election.ballots, voters: election.voters, options, markers: election.markers };
}

function comparable(tally: Tally): unknown {
  return { reached: tally.reached, outcome: tally.outcome, blockedBy: [...tally.blockedBy].sort(), choice: tally.choice };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why a tally is not well formed, or undefined. */
function malformed(tally: Tally, ballots: readonly Ballot[]): string | undefined {
  if (typeof tally.reached !== 'boolean') return 'reached is not a boolean';
  if (tally.reached !== (tally.outcome !== null)) return `reached is ${tally.reached} but the outcome is ${JSON.stringify(tally.outcome)}`;
  if (tally.outcome !== null && !isVoteValue(tally.outcome)) return `the outcome ${JSON.stringify(tally.outcome)} is not a vote`;
  const rejecters = new Set(ballots.filter((ballot) => ballot.vote === 'REJECT').map((ballot) => ballot.voter));
  if (!tally.blockedBy.every((voter) => rejecters.has(voter))) return `blockedBy ${JSON.stringify(tally.blockedBy)} names voters who did not vote REJECT`;
  if (tally.blockedBy.length > 0 && tally.outcome === 'READY') return 'READY is the outcome although REJECT votes block it';
  if (ballots.length === 0 && tally.outcome === 'READY') return 'READY is reached with no votes at all';
  if (typeof tally.reason !== 'string' || tally.reason.trim() === '') return 'the tally gives no reason';
  return undefined;
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
  settings: VotingStrategySettings = {},
): ConformanceCheck[] {
  const numRuns = settings.numRuns ?? 100;
  const pool = [...COMMON_MARKERS, ...(settings.markers ?? [])];
  const elections = electionArbitrary(pool);
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
            fc.property(elections, fc.integer(), (election, seed) => {
              const { ballots, voters } = election;
              const shuffled = fc.sample(fc.shuffledSubarray(ballots, { minLength: ballots.length, maxLength: ballots.length }), { numRuns: 1, seed })[0]!;
              const first = strategy.tally(inputOf(election, options));
              const second = strategy.tally(inputOf({ ...election, ballots: shuffled, voters: [...voters].reverse() }, options));
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
        forEveryOptions(validatedCases(strategy, optionsCases), elections, numRuns, (election, options) => {
          const input = structuredClone(inputOf(election, options));
          const first = strategy.tally(input);
          assert(same(input, inputOf(election, options)), 'tally changed its input');
          assert(same(first, strategy.tally(input)), 'two tallies of the same input differ');
        });
      },
    },
    {
      name: 'reached and outcome agree, blockedBy names REJECT voters only, and there is a reason',
      run: () => {
        forEveryOptions(validatedCases(strategy, optionsCases), elections, numRuns, (election, options) => {
          const problem = malformed(strategy.tally(inputOf(election, options)), election.ballots);
          assert(problem === undefined, problem ?? '');
        });
      },
    },
    {
      name: 'choice, when given, is null or a non-empty string',
      run: () => {
        forEveryOptions(validatedCases(strategy, optionsCases), elections, numRuns, (election, options) => {
          const { choice } = strategy.tally(inputOf(election, options));
          assert(choice === undefined || choice === null || (typeof choice === 'string' && choice.trim() !== ''), `choice is ${JSON.stringify(choice)}, not null or a non-empty string`);
        });
      },
    },
    {
      name: 'tallies with the optional markers (a current host) and without them (an older host)',
      run: () => {
        forEveryOptions(validatedCases(strategy, optionsCases), plainElectionArbitrary.chain((election) => withMarkersArbitrary(election, pool)), numRuns, (election, options) => {
          const older = { voters: election.voters, ballots: election.ballots.map(({ voter, vote }) => ({ voter, vote })) };
          for (const [host, input] of [['an older host (no markers)', older], ['a current host (markers)', election]] as const) {
            let tally: Tally;
            try {
              tally = strategy.tally(inputOf(input, options));
            } catch (error) {
              assert(false, `tally threw ${String(error)} for ballots from ${host}`);
            }
            const problem = malformed(tally, input.ballots);
            assert(problem === undefined, `for ballots from ${host}: ${problem}`);
          }
        });
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
    {
      name: "each ballot carries its counted comment's markers, the tally the phase's markers in file order, and the choice comes back (through the host's countVotes)",
      run: () => {
        const phaseArbitrary = fc.record({
          comments: fc.array(
            fc.record({ author: fc.constantFrom(...AUTHORS), vote: fc.constantFrom(null, ...VOTE_VALUES), samples: fc.array(fc.constantFrom(...pool), { maxLength: 3 }) }),
            { maxLength: 12 },
          ),
          resets: fc.array(fc.record({ before: fc.nat(12), phase: fc.constantFrom('review', 'draft') }), { maxLength: 2 }),
          rosterIds: fc.subarray([...AUTHORS]),
        });
        const options = validatedCases(strategy, optionsCases)[0]!;
        fc.assert(
          fc.property(phaseArbitrary, ({ comments: written, resets, rosterIds }) => {
            // Lay the phase out as a file: each comment's Name line, its marker lines, its vote line; resets between comments.
            const comments: { author: string; vote: VoteValue | null; line: number; comment: number }[] = [];
            const markers: Marker[] = [];
            const voteResets: { phase: string; line: number }[] = [];
            let line = 5;
            written.forEach(({ author, vote, samples }, index) => {
              for (const reset of resets) if (reset.before === index) voteResets.push({ phase: reset.phase, line: ++line });
              line += 2;
              for (const sample of samples) markers.push({ ...sample, author, comment: index, line: ++line, mentions: [] });
              comments.push({ author, vote, line: ++line, comment: index });
            });
            const cutoff = Math.max(Number.NEGATIVE_INFINITY, ...voteResets.filter((reset) => reset.phase === 'review').map((reset) => reset.line));
            const phaseMarkers = markers.filter((marker) => marker.line > cutoff);
            const counted = new Map<string, number>();
            for (const comment of comments) if (comment.vote !== null && comment.line > cutoff) counted.set(comment.author, comment.comment);

            let seen: TallyInput<Record<string, unknown>> | undefined;
            const probe: VotingStrategyV1 = {
              ...strategy,
              tally: (input) => {
                seen = input;
                return { ...strategy.tally(input), choice: `probe-${input.ballots.length}` };
              },
            };
            const result = host.countVotes({ phase: 'review', comments: [...comments].reverse(), voteResets, roster: rosterIds.map((id) => ({ id })), strategy: probe, options, markers });
            assert(seen !== undefined, 'countVotes never called the strategy');
            assert(seen.markers !== undefined, 'countVotes passed the strategy no markers although it was given them');
            assert(same(seen.markers, phaseMarkers), `the strategy got the markers ${JSON.stringify(seen.markers.map((m) => m.line))}, not those after the last VOTE-RESET in file order ${JSON.stringify(phaseMarkers.map((m) => m.line))}`);
            for (const ballot of seen.ballots) {
              const own = markers.filter((marker) => marker.comment === counted.get(ballot.voter));
              assert(same(ballot.markers, own), `the ballot of ${ballot.voter} carries the markers on lines ${JSON.stringify(ballot.markers?.map((m) => m.line))}, not those of the comment that cast it (${JSON.stringify(own.map((m) => m.line))})`);
            }
            assert(result.choice === `probe-${seen.ballots.length}`, `countVotes returned the choice ${JSON.stringify(result.choice)}, not the strategy's ${JSON.stringify(`probe-${seen.ballots.length}`)}`);
          }),
          { numRuns },
        );
      },
    },
  ];
}

/**
 * Registers the voting strategy conformance suite: shape and options schema (defaults, and
 * each of `optionsCases`), ballot order independence, purity, reached/outcome consistency, a
 * well-formed `choice`, tallies with and without the optional markers (over the given marker
 * samples too), and, through the host's `countVotes`, latest-vote-only counting and the
 * markers and choice passed between host and strategy.
 */
export function votingStrategyConformance(
  name: string,
  strategy: VotingStrategyV1,
  optionsCases: readonly Record<string, unknown>[],
  host: VotingStrategyHost,
  settings: VotingStrategySettings = {},
): void {
  registerChecks(`voting strategy conformance: ${name}`, votingStrategyChecks(strategy, optionsCases, host, settings));
}
