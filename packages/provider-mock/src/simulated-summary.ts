import type { TurnDescriptionV1 } from '@quorum/core';
import type { SeededRandom } from './seeded-random.js';
import { countWords, inlineText, joinList, withoutFinalPunctuation } from './text-fragments.js';
import { linesOutsideFences } from './own-open-todos.js';

/** A marker line a summary reports on, read from the transcript the way the markers package reads it. */
interface MarkerLine {
  readonly author: string;
  readonly keyword: 'DECISION' | 'CONCERN' | 'TODO' | 'DONE' | 'QUESTION';
  readonly argument: string | null;
  readonly text: string;
}

const MARKER_LINE =
  /^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:\[[ xX]\][ \t]+)?(?:\*\*|__)?(DECISION|CONCERN|TODO|ACTION|DONE|QUESTION|Q)(?:\(([^)]*)\))?(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)$/;

/** The summary is built up to this many words… */
const MINIMUM_WORDS = 60;
/** …and each piece of quoted text is cut to this many words, so it never grows past 180. */
const QUOTED_WORDS = 10;
/** At most this many authors are named; the rest are counted. */
const NAMED_AUTHORS = 4;

/**
 * What a simulated summarizer writes: a short prose summary of the transcript — what the
 * discussion is about and where it stands, the latest decision, the latest concern, the open
 * questions (from the turn), the action items, the latest vote of each participant, and the
 * next step. Plain prose: every line starts with fixed words, text from the transcript is
 * quoted on one line (no mention, no marker), so the summary adds nothing a later reader
 * could take for a question, a todo or a vote. Deterministic: only the phrasing comes from
 * `random`. Nothing to summarise (no comments) gives `undefined`, for NO_RESPONSE.
 */
export function simulatedSummary(turn: TurnDescriptionV1, random: SeededRandom): string | undefined {
  const comments = turn.comments.filter((comment) => comment.text.trim() !== '' && comment.text.trim() !== 'NO_RESPONSE');
  if (comments.length === 0) return undefined;
  const markers = markerLines(comments);
  const title = withoutFinalPunctuation(inlineText(turn.title, 10)) || 'this discussion';
  const phase = withoutFinalPunctuation(inlineText(turn.phase.title, 5)) || turn.phase.id;
  const authors = [...new Set(comments.map((comment) => inlineText(comment.author, 2)))];
  const named = authors.length <= NAMED_AUTHORS ? authors : [...authors.slice(0, NAMED_AUTHORS - 1), `${authors.length - NAMED_AUTHORS + 1} others`];
  const count = `${comments.length} comment${comments.length === 1 ? '' : 's'}`;

  const state: string[] = [
    random.pick([
      `"${title}" is in the ${phase} phase after ${count} from ${joinList(named)}.`,
      `The discussion on "${title}" has reached the ${phase} phase, with ${count} so far from ${joinList(named)}.`,
      `So far ${joinList(named)} have written ${count} on "${title}", which is now in the ${phase} phase.`,
    ]),
  ];

  const decisions = markers.filter((marker) => marker.keyword === 'DECISION');
  const latestDecision = decisions.at(-1);
  state.push(
    latestDecision === undefined
      ? 'No decision has been recorded yet.'
      : `${decisions.length === 1 ? 'One decision is' : `${decisions.length} decisions are`} on record; the latest, from ${latestDecision.author}, is "${quote(latestDecision.text)}".`,
  );

  const concerns = markers.filter((marker) => marker.keyword === 'CONCERN');
  const latestConcern = concerns.at(-1);
  if (latestConcern !== undefined) {
    state.push(
      `${concerns.length === 1 ? 'One concern was' : `${concerns.length} concerns were`} raised, most recently by ${latestConcern.author}: "${quote(latestConcern.text)}".`,
    );
  }

  const asked = markers.filter((marker) => marker.keyword === 'QUESTION').length;
  const open = turn.openQuestions;
  const firstOpen = open[0];
  if (firstOpen !== undefined) {
    state.push(
      `${open.length === 1 ? 'One question is' : `${open.length} questions are`} still open, starting with ${inlineText(firstOpen.id, 1)} from ${inlineText(firstOpen.author, 2)}: "${quote(firstOpen.text, true)}".`,
    );
  } else if (asked > 0) {
    state.push(`Every question asked so far (${asked}) has an answer.`);
  }

  const todos = todoStates(markers);
  const openTodos = todos.filter((todo) => todo.open).map((todo) => todo.id);
  if (todos.length > 0) {
    const listed = openTodos.length <= NAMED_AUTHORS ? openTodos : [...openTodos.slice(0, NAMED_AUTHORS), '…'];
    state.push(`Action items: ${openTodos.length} open${openTodos.length > 0 ? ` (${listed.join(', ')})` : ''} and ${todos.length - openTodos.length} done.`);
  }

  const votes = latestVotes(comments);
  if (votes.size > 0) {
    const byValue = new Map<string, string[]>();
    for (const [author, vote] of votes) byValue.set(vote, [...(byValue.get(vote) ?? []), author]);
    const parts = [...byValue].map(([vote, voters]) => `${vote} from ${joinList(voters.length <= NAMED_AUTHORS ? voters : [...voters.slice(0, NAMED_AUTHORS - 1), `${voters.length - NAMED_AUTHORS + 1} others`])}`);
    state.push(`The latest votes are ${joinList(parts)}.`);
  }

  const next =
    firstOpen !== undefined
      ? `Next step: ${inlineText(firstOpen.id, 1)} needs an answer before the discussion can settle.`
      : openTodos.length > 0
        ? `Next step: the open action items need their owners to follow up.`
        : votes.size > 0
          ? 'Next step: the phase moves on once the remaining votes are in.'
          : 'Next step: the participants can turn the points above into decisions.';

  const padding = random.shuffle(PADDING);
  while (countWords([...state, next].join(' ')) < MINIMUM_WORDS && padding.length > 0) state.push(padding.shift()!);
  return `${state.join(' ')}\n\n${next}`;
}

/** Sentences that lengthen a thin summary without claiming anything about the discussion. */
const PADDING = [
  'The summary below the lists is computed from the file, so ids and names can be followed back to the comments.',
  'Positions are credited to the participants who took them; nothing here goes beyond what was written.',
  'Points that were only proposed are not counted as decisions until someone records them as such.',
  'Where the record is thin, the summary stays short rather than guessing at what was meant.',
] as const;

/** Text from the transcript as a one-line quotation; a question keeps its question mark. */
function quote(text: string, question = false): string {
  const line = inlineText(text, QUOTED_WORDS);
  const kept = line.endsWith('…') || (question && line.endsWith('?')) ? line : withoutFinalPunctuation(line);
  return kept.replace(/"/g, "'");
}

/** Decisions, concerns, questions, todos and DONE lines outside fenced code, in transcript order. */
function markerLines(comments: TurnDescriptionV1['comments']): MarkerLine[] {
  const found: MarkerLine[] = [];
  for (const comment of comments) {
    for (const line of linesOutsideFences(comment.text)) {
      const match = MARKER_LINE.exec(line);
      if (match === null) continue;
      const keyword = match[1] === 'ACTION' ? 'TODO' : match[1] === 'Q' ? 'QUESTION' : (match[1] as MarkerLine['keyword']);
      found.push({ author: inlineText(comment.author, 2), keyword, argument: match[2]?.trim().toUpperCase() ?? null, text: match[3] ?? '' });
    }
  }
  return found;
}

/** Todos numbered T1, T2… in order, closed by `DONE(Tn):` or by a bare `DONE:` with the same text. */
function todoStates(markers: readonly MarkerLine[]): { id: string; text: string; open: boolean }[] {
  const todos: { id: string; text: string; open: boolean }[] = [];
  for (const marker of markers) {
    if (marker.keyword === 'TODO') todos.push({ id: `T${todos.length + 1}`, text: marker.text.trim().toLowerCase(), open: true });
    if (marker.keyword !== 'DONE') continue;
    const todo =
      marker.argument !== null ? todos.find((item) => item.id === marker.argument) : todos.find((item) => item.open && item.text === marker.text.trim().toLowerCase());
    if (todo !== undefined) todo.open = false;
  }
  return todos;
}

/** Each author's latest vote in the transcript, in order of first vote. */
function latestVotes(comments: TurnDescriptionV1['comments']): Map<string, string> {
  const votes = new Map<string, string>();
  for (const comment of comments) if (comment.vote !== null && comment.vote !== '') votes.set(inlineText(comment.author, 2), inlineText(comment.vote, 1));
  return votes;
}
