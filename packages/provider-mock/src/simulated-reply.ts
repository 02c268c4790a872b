import { NO_RESPONSE, type TurnDescriptionV1, type VoteValue } from '@quorum/core';
import { designComponents } from './design-components.js';
import { buildFinalDesign, latestFinalDesign } from './final-design-block.js';
import { FILES_INSTRUCTION, simulatedFiles } from './simulated-files.js';
import { mermaidFlowchart } from './mermaid-sketch.js';
import { ownOpenTodoIds } from './own-open-todos.js';
import { personaTendency } from './persona-tendency.js';
import { createRandom, type SeededRandom } from './seeded-random.js';
import { simulatedSummary } from './simulated-summary.js';
import {
  article,
  asSentence,
  countWords,
  inlineText,
  lowerFirst,
  nounPhrase,
  upperFirst,
  withoutFinalPunctuation,
} from './text-fragments.js';

/** What a simulated reply depends on besides the turn itself. */
export interface SimulatedReplyOptions {
  /** Mixed into every random stream: another seed gives another, equally plausible discussion. */
  readonly seed: string;
  /** From this round of a phase whose instructions ask for one, voting personas write a FINAL DESIGN block. */
  readonly finalDesignAfterRounds: number;
}

/** A simulated participant's answer: the two fields of the response schema. */
export interface SimulatedReply {
  readonly comment: string;
  readonly vote: VoteValue | null;
}

/** How often a background persona has nothing to add in a voting phase. */
export const NO_RESPONSE_RATE = 0.3;
/** How often a comment in a discussion phase carries a TODO. */
export const TODO_RATE = 0.35;
/** Comments are filled with prose up to a length drawn from this range (in words)… */
const TARGET_WORDS: readonly [number, number] = [75, 120];
/** …shorter for votes, which need little more than the reason… */
const VOTE_TARGET_WORDS: readonly [number, number] = [60, 85];
/** …and never padded past this many words. */
const MAXIMUM_PADDED_WORDS = 170;
/** The longest comment a simulated persona writes: past it, questions get their brief answers. */
const MAXIMUM_WORDS = 180;
/** The shortest comment a simulated persona writes (NO_RESPONSE aside). */
export const MINIMUM_WORDS = 60;

/** A FINAL DESIGN block shorter than this is not worth restating; the persona writes its own. */
const MINIMUM_RESTATED_WORDS = 20;

const DIAGRAM_PERSONA = /diagram|visuali[sz]|mermaid|flowchart/i;
const SUMMARY_PERSONA = /summar/i;
const FINAL_DESIGN_INSTRUCTION = /FINAL[ _]DESIGN/;
const NO_CONCERNS_INSTRUCTION = /\bno (?:criticism|CONCERN)/i;
const CLOSES_TODOS_INSTRUCTION = /DONE\(T/;
/** At most this many of its own action items a persona closes in one comment. */
const MAXIMUM_CLOSED_TODOS = 2;
const ALIAS = /^[a-z][a-z0-9_-]*$/;

const DEFAULT_CONCERNS = [
  'What happens when this fails halfway through?',
  'Who owns this once it is in production?',
  'How do we know it works before users tell us it does not?',
];

/**
 * The words a persona's comment is built from, each on one line and cut to a readable
 * length. Picks (which expertise, which concern) come from the turn's random stream.
 */
interface Voice {
  readonly title: string;
  readonly role: string;
  readonly expertise: string;
  readonly otherExpertise: string;
  readonly concern: string;
  readonly concernPhrase: string;
  /** Another of the persona's concerns (the same one when it has only one), for questions. */
  readonly otherConcern: string;
  readonly goal: string;
  readonly phaseTitle: string;
}

/**
 * The simulated reply of one persona in one turn. Deterministic: the random choices come from
 * one stream named by (seed, discussion, persona alias, phase id, round), and everything else
 * from the turn's fields, so the same turn always gives the same reply.
 *
 * The behaviour is designed so every discussion converges: questions only in round 1 of a
 * phase without votes, every open question answered, concerns early and decisions later,
 * votes only from voting personas in voting phases (round 1 a mix of READY and CHANGES with a
 * rare REJECT, READY from round 2 on), a FINAL DESIGN block from `finalDesignAfterRounds` on
 * where the phase asks for one, a Mermaid sketch (with the `DIAGRAM:` line and caption the
 * bundled visualizer is told to write) from a background persona who draws, and a prose
 * summary from a background persona who summarises.
 */
export function simulateReply(turn: TurnDescriptionV1, options: SimulatedReplyOptions): SimulatedReply {
  const { persona, phase, round } = turn;
  const random = createRandom('reply', options.seed, turn.discussion, persona.alias, phase.id, String(round));
  const finalDesignPhase = FINAL_DESIGN_INSTRUCTION.test(phase.instructions);
  const voter = phase.voting && persona.type === 'voting';
  const drawer = persona.type === 'background' && DIAGRAM_PERSONA.test([persona.role, ...persona.expertise].join(' '));
  const summarizer = persona.type === 'background' && !drawer && SUMMARY_PERSONA.test([persona.role, ...persona.expertise].join(' '));

  if (summarizer) {
    return { comment: simulatedSummary(turn, random) ?? NO_RESPONSE, vote: null };
  }
  // A drawer answers whenever there is something new to draw, so its diagrams are always exercised.
  if (drawer && nothingNewSince(turn)) return { comment: NO_RESPONSE, vote: null };
  if (persona.type === 'background' && !drawer && phase.voting && turn.openQuestions.length === 0 && random.chance(NO_RESPONSE_RATE)) {
    return { comment: NO_RESPONSE, vote: null };
  }

  const voice = buildVoice(turn, random);
  const lead: string[] = [];
  if (turn.callout !== null && turn.callout.trim() !== '') lead.push(acknowledgeCallout(turn.callout, random));
  const answers = turn.openQuestions.map((question) => answerLines(question, voice, random));

  if (drawer) {
    lead.push(random.pick(DIAGRAM_INTRODUCTIONS));
    // As the bundled visualizer is told to answer: the file it proposes, a caption, the diagram.
    const block = [
      `DIAGRAM: diagrams/${DIAGRAM_FILE}`,
      `The components of "${voice.title}" named so far, and what flows between them.`,
      mermaidFlowchart(designComponents(turn), random),
    ].join('\n');
    const prose = random.shuffle(DIAGRAM_PROSE).slice(0, 2);
    return { comment: compose({ lead, prose, answers, body: [], block, random }), vote: null };
  }

  if (voter && finalDesignPhase) {
    lead.push(random.pick(RESTATE_INTRODUCTIONS));
    const existing = latestFinalDesign(turn.comments);
    const block =
      existing !== undefined && countWords(existing) >= MINIMUM_RESTATED_WORDS
        ? existing
        : buildFinalDesign({ turn, expertise: voice.expertise, concern: voice.concern, random });
    const prose = random.shuffle(VOTING_PROSE).map((sentence) => sentence(voice));
    return { comment: compose({ lead, prose, answers, body: [], block, random, target: VOTE_TARGET_WORDS }), vote: 'READY' };
  }

  if (voter) {
    const vote = firstVote(persona.alias, round, random);
    const body: string[] = [];
    if (vote === 'READY') lead.push(random.pick(READY_SENTENCES)(voice));
    if (vote === 'CHANGES') {
      lead.push(random.pick(CHANGES_SENTENCES));
      body.push(`TODO: ${random.pick(CHANGES_TODOS)(voice)}`);
    }
    if (vote === 'REJECT') {
      lead.push('I cannot support this: there is a fundamental problem that more review will not fix.');
      body.push(`CONCERN: ${voice.concern} The current approach cannot answer it; I would reconsider if the scope changed to address it.`);
    }
    const prose = random.shuffle(VOTING_PROSE).map((sentence) => sentence(voice));
    return { comment: compose({ lead, prose, answers, body, block: '', random, target: VOTE_TARGET_WORDS }), vote };
  }

  // A discussion phase (or a background persona in a voting phase): no vote.
  const discussing = !phase.voting;
  if (writesFinalDesign(turn, options, finalDesignPhase)) {
    lead.push(random.pick(FINAL_DESIGN_INTRODUCTIONS));
    const block = buildFinalDesign({ turn, expertise: voice.expertise, concern: voice.concern, random });
    return { comment: compose({ lead, prose: [], answers, body: [], block, random }), vote: null };
  }
  lead.push(opening(turn, voice, random));
  const body: string[] = [];
  if (discussing && round === 1 && !NO_CONCERNS_INSTRUCTION.test(phase.instructions)) {
    body.push(`CONCERN: ${voice.concern} ${random.pick(CONCERN_TAILS)}`);
  }
  if (discussing && round === 1) {
    const others = turn.participants.filter((alias) => alias !== persona.alias && ALIAS.test(alias));
    if (others.length > 0 && random.chance(personaTendency(persona.alias).question)) {
      body.push(`Q: @${random.pick(others)} ${random.pick(QUESTIONS)(voice)}`);
    }
  }
  if (discussing && round >= 2) body.push(`DECISION: ${random.pick(DECISIONS)(voice)}`);
  const closing = discussing && CLOSES_TODOS_INSTRUCTION.test(phase.instructions) ? ownOpenTodoIds(turn.comments, persona.name).slice(-MAXIMUM_CLOSED_TODOS) : [];
  for (const id of closing) body.push(`DONE(${id}): ${random.pick(DONE_NOTES)}`);
  if (discussing && closing.length === 0 && random.chance(TODO_RATE)) body.push(`TODO: ${random.pick(TODOS)(voice)}`);
  const prose = [random.pick(GOAL_SENTENCES)(voice), ...random.shuffle(DISCUSSION_PROSE).map((sentence) => sentence(voice))];
  // Where the phase asks for files (the delivery pipeline), the files come with the comment.
  const files = FILES_INSTRUCTION.test(phase.instructions) ? (simulatedFiles(turn) ?? '') : '';
  return { comment: compose({ lead, prose, answers, body, block: files, random }), vote: null };
}

/** The file a simulated drawer proposes for its diagram (the host decides where it is saved). */
export const DIAGRAM_FILE = 'components.mmd';

/**
 * Whether the persona's own comment is the latest one and nothing asks anything of it: a
 * drawer then has nothing new to draw (the bundled visualizer is told to say NO_RESPONSE).
 */
function nothingNewSince(turn: TurnDescriptionV1): boolean {
  const latest = [...turn.comments].reverse().find((comment) => comment.text.trim() !== NO_RESPONSE);
  return latest?.author === turn.persona.name && turn.openQuestions.length === 0 && (turn.callout === null || turn.callout.trim() === '');
}

/** Whether this turn is the one where a voting persona writes its FINAL DESIGN block. */
function writesFinalDesign(turn: TurnDescriptionV1, options: SimulatedReplyOptions, finalDesignPhase: boolean): boolean {
  return finalDesignPhase && turn.persona.type === 'voting' && turn.round >= options.finalDesignAfterRounds;
}

/** Round 1: a mix by the persona's leaning, REJECT rare; from round 2 on always READY. */
function firstVote(alias: string, round: number, random: SeededRandom): VoteValue {
  if (round >= 2) return 'READY';
  const tendency = personaTendency(alias);
  const draw = random.next();
  if (draw < tendency.reject) return 'REJECT';
  return draw < tendency.reject + tendency.changes ? 'CHANGES' : 'READY';
}

function buildVoice(turn: TurnDescriptionV1, random: SeededRandom): Voice {
  const { persona, phase } = turn;
  const role = inlineText(persona.role, 4) || 'participant';
  const expertiseList = persona.expertise.map((item) => lowerFirst(nounPhrase(item, 5))).filter((item) => item !== '');
  const fallbackExpertise = lowerFirst(withoutFinalPunctuation(role));
  const expertise = expertiseList.length > 0 ? random.pick(expertiseList) : fallbackExpertise;
  const rest = expertiseList.filter((item) => item !== expertise);
  const otherExpertise = rest.length > 0 ? random.pick(rest) : expertise;
  const concerns = persona.concerns.map((item) => inlineText(item, 18)).filter((item) => item !== '');
  const concernPool = concerns.length > 0 ? concerns : DEFAULT_CONCERNS;
  const concern = upperFirst(asSentence(random.pick(concernPool)));
  const otherConcerns = concernPool.map((item) => upperFirst(asSentence(item))).filter((item) => item !== concern);
  const otherConcern = otherConcerns.length > 0 ? random.pick(otherConcerns) : concern;
  const goal = lowerFirst(withoutFinalPunctuation(inlineText(phase.goal, 18))) || 'move the discussion forward';
  return {
    title: withoutFinalPunctuation(inlineText(turn.title, 12)) || 'this proposal',
    role,
    expertise,
    otherExpertise,
    concern,
    concernPhrase: lowerFirst(withoutFinalPunctuation(inlineText(concern, 10))),
    otherConcern,
    goal,
    phaseTitle: inlineText(phase.title, 6) || phase.id,
  };
}

function acknowledgeCallout(callout: string, random: SeededRandom): string {
  const text = withoutFinalPunctuation(inlineText(callout, 20));
  return random.pick([
    `Noted the callout ("${text}"), and I address it below.`,
    `On the callout, "${text}": understood, and this comment answers it.`,
    `Responding to the callout first ("${text}"): yes, covered below.`,
  ]);
}

/** A question's answer, and the brief one given when the full answers would make the comment too long. */
interface Answer {
  readonly full: string;
  readonly brief: string;
}

function answerLines(question: TurnDescriptionV1['openQuestions'][number], voice: Voice, random: SeededRandom): Answer {
  const id = inlineText(question.id, 1).replace(/[()]/g, '');
  const snippet = inlineText(question.text.replace(/(?<![\p{L}\p{N}])@[\p{L}][\p{L}\p{N}_-]*[,:]?/gu, ' '), 8).replace(/[.?!]+$/, '') || 'your question';
  const answer = random.pick([
    `On "${snippet}": from the ${voice.expertise} side, start with the simplest option that meets the stated constraints and measure before adding more.`,
    `Yes, as long as ${voice.expertise} is covered by a test before rollout; I would not block on anything else.`,
    `Short answer: keep it behind a flag for the first release, so we learn from real traffic and can back out cheaply.`,
    `It depends on scale; for the volumes in the Context, one well-understood component is enough and ${voice.expertise} stays simple.`,
    `I checked "${snippet}" against ${voice.expertise}: the proposal already covers it, provided the limits are written down.`,
  ]);
  return { full: `A(${id}): ${answer}`, brief: `A(${id}): Yes, provided it is tested before rollout.` };
}

function opening(turn: TurnDescriptionV1, voice: Voice, random: SeededRandom): string {
  if (turn.round === 1) {
    return random.pick([
      `As ${article(voice.role)} ${voice.role}, I read "${voice.title}" mainly through ${voice.expertise}.`,
      `My first reaction to "${voice.title}": it is workable, but ${voice.expertise} will decide whether it holds up.`,
      `Looking at "${voice.title}" from the ${voice.expertise} angle, I see a sound core and a few gaps worth closing early.`,
      `This proposal, "${voice.title}", touches ${voice.expertise} more than it admits, so that is where I will spend my comment.`,
    ]);
  }
  const previous = [...turn.comments].reverse().find((comment) => comment.author !== turn.persona.name && comment.text !== NO_RESPONSE);
  const author = previous === undefined ? '' : inlineText(previous.author, 4).replace(/@/g, '');
  const options = [
    `Since the last round, my remaining points on "${voice.title}" come down to ${voice.expertise}.`,
    `Reading the thread again, the open part of "${voice.title}" for me is ${voice.expertise}.`,
    `Round ${turn.round} of ${voice.phaseTitle}: I will keep to what changed since my last comment.`,
  ];
  if (author !== '') options.push(`Building on the comment from ${author}, I think we are close on "${voice.title}".`);
  return random.pick(options);
}

/**
 * Puts the parts together: the lead paragraph (callout, opening and as much prose as brings
 * the comment to its drawn length), the answers (brief ones where the full ones would take the
 * comment past 180 words), the marker lines, then the block (a
 * diagram or a FINAL DESIGN). Markers and answers are each on their own line.
 */
function compose(parts: {
  readonly lead: readonly string[];
  readonly prose: readonly string[];
  readonly answers: readonly Answer[];
  readonly body: readonly string[];
  readonly block: string;
  readonly random: SeededRandom;
  readonly target?: readonly [number, number];
}): string {
  const range = parts.target ?? TARGET_WORDS;
  const target = parts.random.integer(range[0], range[1]);
  const sum = (texts: readonly string[]): number => texts.reduce((total, text) => total + countWords(text), 0);
  const fixedWords = sum(parts.lead) + sum(parts.body) + countWords(parts.block);
  const full = parts.answers.map((answer) => answer.full);
  const answers = fixedWords + sum(full) <= MAXIMUM_WORDS ? full : parts.answers.map((answer) => answer.brief);
  let words = fixedWords + sum(answers);
  const paragraph = [...parts.lead];
  for (const sentence of parts.prose) {
    const length = countWords(sentence);
    if (words >= target && words >= MINIMUM_WORDS) break;
    if (words + length > MAXIMUM_PADDED_WORDS && words >= MINIMUM_WORDS) break;
    paragraph.push(sentence);
    words += length;
  }
  const sections = [paragraph.join(' '), answers.join('\n'), parts.body.join('\n'), parts.block];
  return sections.filter((section) => section !== '').join('\n\n');
}

type Sentence = (voice: Voice) => string;

const CONCERN_TAILS = [
  'Until this has an answer I would not build on it.',
  'This should be resolved before we vote.',
  'We need a concrete answer here, not an assumption.',
] as const;

const QUESTIONS: readonly Sentence[] = [
  (voice) =>
    voice.otherConcern !== voice.concern && voice.otherConcern.endsWith('?')
      ? lowerFirst(voice.otherConcern)
      : `how would "${voice.title}" hold up from your side if the load doubled?`,
  (voice) => `how would "${voice.title}" hold up from your side if the load doubled?`,
  () => 'what is the smallest version of this you would be comfortable shipping?',
  (voice) => `do we have real numbers for ${voice.expertise}, or are we estimating?`,
];

const DECISIONS: readonly Sentence[] = [
  (voice) => `"${voice.title}" starts with the smallest version that covers ${voice.expertise}, behind a feature flag.`,
  (voice) => `${upperFirst(voice.expertise)} gets an explicit owner and a test before rollout.`,
  (voice) => `we measure ${voice.otherExpertise} on real traffic before adding anything more elaborate.`,
  (voice) => `the concern "${voice.concernPhrase}" is handled with a documented limit and an alert.`,
];

const TODOS: readonly Sentence[] = [
  (voice) => `write down the expected load and data volumes for "${voice.title}" in the Context.`,
  (voice) => `add a test that covers ${voice.expertise} on the failure path.`,
  () => 'document the rollout and rollback steps before implementation starts.',
];

const DONE_NOTES = [
  'checked; the fix does what was asked.',
  'verified against the change, nothing left to do here.',
  'done and covered by a test.',
] as const;

const GOAL_SENTENCES: readonly Sentence[] = [
  (voice) => `The aim of this phase is to ${voice.goal}, so I will stay on that.`,
  (voice) => `For this phase we need to ${voice.goal}; my part of that is below.`,
  (voice) => `Keeping to the goal here (to ${voice.goal}), this is what I can add.`,
];

const DISCUSSION_PROSE: readonly Sentence[] = [
  (voice) => `In my experience with ${voice.expertise}, the expensive mistakes show up at the boundaries: retries, partial failures and data that outlives the code that wrote it.`,
  (voice) => `I would rather settle ${voice.otherExpertise} now than discover it during rollout, when every change costs twice as much.`,
  (voice) => `The simplest version that respects ${voice.expertise} is probably good enough for a first release; we can tighten it once we have real numbers.`,
  (voice) => `None of this needs a big design up front, but someone has to own ${voice.otherExpertise} explicitly.`,
  (voice) => `If we write down the assumptions behind "${voice.title}", most of the disagreement will turn out to be about scale, not approach.`,
  () => 'I would measure before optimising: a small benchmark and a dashboard will tell us more than another round of opinions.',
  () => 'I like that the proposal keeps the scope narrow enough to ship in small, reversible steps.',
];

const READY_SENTENCES: readonly Sentence[] = [
  (voice) => `What convinced me: ${voice.expertise} is now addressed explicitly, and what is left are follow-ups, not blockers.`,
  (voice) => `I can support "${voice.title}" as it stands; the decisions recorded so far cover my earlier points.`,
  (voice) => `This is good enough to go ahead. The part I cared about, ${voice.expertise}, has a clear owner.`,
];

const CHANGES_SENTENCES = [
  'Not yet: it can go ahead once one thing is fixed, listed as a TODO below.',
  'Close, but I need one change before I can support it; see the TODO below.',
] as const;

const CHANGES_TODOS: readonly Sentence[] = [
  (voice) => `add ${voice.expertise} requirements (limits, failure handling and an owner) to the proposal.`,
  (voice) => `answer "${voice.concernPhrase}" in the proposal before the next vote.`,
  (voice) => `describe the rollback plan for "${voice.title}" in case ${voice.expertise} turns out worse than expected.`,
];

const VOTING_PROSE: readonly Sentence[] = [
  () => 'I judged what is written now, including the decisions recorded in review, not what might be added later.',
  (voice) => `The remaining risks are known, small and owned, which is what I need from ${voice.expertise}.`,
  () => 'Nothing new from my side beyond this; the discussion so far has been thorough and the open points are tracked.',
  (voice) => `From the ${voice.otherExpertise} side there is nothing left that would block, and the rest can follow in small steps.`,
  (voice) => `Keeping the scope of "${voice.title}" narrow is what makes this vote easy for me.`,
];

const FINAL_DESIGN_INTRODUCTIONS = [
  'The main trade-offs are settled; here is the design I would commit to.',
  'We have converged enough: this is the design I can defend.',
] as const;

const RESTATE_INTRODUCTIONS = [
  'I restate the final design below and vote READY.',
  'Restating the block so it stands on its own; I can defend it and vote READY.',
] as const;

const DIAGRAM_INTRODUCTIONS = [
  'Here is the design so far as a flowchart, drawn from the components mentioned in the discussion.',
  'I have sketched the components named so far and how data moves between them.',
] as const;

const DIAGRAM_PROSE = [
  'Arrows follow the main data flow from the user inward; labels say what travels along each edge.',
  'I left out monitoring and deployment to keep the picture readable; they can get their own diagram.',
  'If a component is missing or misnamed, say so and I will redraw it in the next round.',
  'The chain is deliberately linear; where the design branches, the next version of the diagram will show it.',
  'Nodes are named as the discussion names them, so the diagram and the text stay easy to compare.',
] as const;
