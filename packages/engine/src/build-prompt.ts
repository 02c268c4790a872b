import { NO_RESPONSE, type MessagePartV1, type PersonaV1, type TurnDescriptionV1 } from '@quorum/core';

/**
 * The rules every persona answers by. Part of the system prompt, after the persona, so the
 * whole system prompt is identical on every call for one persona.
 */
const ANSWER_RULES = `## How to answer
You take part in a structured discussion recorded in a Markdown file. Reply with one JSON object: {"comment": "...", "vote": ...}.
- "comment" is your contribution in Markdown. Put each marker at the start of its own line:
  Q: a question (mention who should answer with @alias), A(Q3): an answer to question Q3,
  CONCERN: a risk or objection, DECISION: something agreed, TODO: work to do (@alias for an owner),
  DONE(T2): a todo finished, DIAGRAM: a diagram file, FINAL DESIGN: a design block (only when asked for).
- Mention other participants with @alias. Build on what was said; do not repeat it.
- "vote" is READY, CHANGES or REJECT only when the phase says votes count and you are a voting participant; otherwise null.
  Never write a VOTE: line in the comment; only the "vote" field counts.
- If you have nothing to add this round, reply {"comment": "${NO_RESPONSE}", "vote": null}.`;

const systemPrompts = new WeakMap<PersonaV1, string>();

/** The persona part of the system prompt: who is speaking. The same text for the same persona, worked out once. */
export function systemPrompt(persona: PersonaV1): string {
  let prompt = systemPrompts.get(persona);
  if (prompt === undefined) {
    prompt = buildSystemPrompt(persona);
    systemPrompts.set(persona, prompt);
  }
  return prompt;
}

function buildSystemPrompt(persona: PersonaV1): string {
  const lines = [`You are ${persona.name} (@${persona.alias}), ${persona.role}.`, '', persona.personality.trim()];
  if (persona.expertise.length > 0) lines.push('', `Your expertise: ${persona.expertise.join('; ')}.`);
  if (persona.concerns.length > 0) lines.push('', 'Questions you always ask:', ...persona.concerns.map((c) => `- ${c}`));
  if (persona.type === 'background') lines.push('', 'You are a background participant: you comment, but you never vote (your vote is always null).');
  lines.push('', ANSWER_RULES);
  return lines.join('\n');
}

/**
 * The user message, stable part first so provider-side prompt caching works: the
 * discussion's title and context and the phase (stable while the phase lasts), then the
 * transcript (which only grows at its end), marked as the end of the cacheable prefix, then
 * what is asked of this participant now (round, open questions, callout).
 */
export function promptParts(turn: TurnDescriptionV1): MessagePartV1[] {
  return [{ text: stablePart(turn), cacheBreakpoint: true }, { text: askPart(turn) }];
}

/**
 * The stable part is the same for every participant of a round (they share the round's
 * comments and participants arrays), so it is built once per round.
 */
const stableParts = new WeakMap<TurnDescriptionV1['comments'], { readonly turn: TurnDescriptionV1; readonly text: string }>();

function stablePart(turn: TurnDescriptionV1): string {
  const known = stableParts.get(turn.comments);
  if (known !== undefined && sameStablePart(known.turn, turn)) return known.text;
  const text = buildStablePart(turn);
  stableParts.set(turn.comments, { turn, text });
  return text;
}

/** Whether two turns with the same comments have the same stable part (the same title, context, phase and participants). */
function sameStablePart(a: TurnDescriptionV1, b: TurnDescriptionV1): boolean {
  return (
    a.title === b.title &&
    a.context === b.context &&
    a.phase === b.phase &&
    (a.participants === b.participants || a.participants.join(',') === b.participants.join(','))
  );
}

type TranscriptComment = TurnDescriptionV1['comments'][number];

/** The last transcript built: a later round's transcript extends it when its comments start with the same ones. */
let lastTranscript: { comments: readonly TranscriptComment[]; text: string } | undefined;

function renderTranscriptComment(c: TranscriptComment): string {
  return `\n\n### ${c.author}\n\n${c.text.trim()}${c.vote === null ? '' : `\n\n(vote: ${c.vote})`}`;
}

/**
 * The comments so far, rendered. Rounds only add comments at the end, so the text of the
 * previous round is extended rather than rebuilt (V8 joins the strings without copying), as
 * long as the host passes the same comment objects again (the engine does).
 */
function transcriptText(comments: readonly TranscriptComment[]): string {
  const last = lastTranscript;
  let text: string;
  if (last !== undefined && last.comments.length > 0 && last.comments.length <= comments.length && comments[0] === last.comments[0] && comments[last.comments.length - 1] === last.comments.at(-1)) {
    text = last.text;
    for (let i = last.comments.length; i < comments.length; i++) text += renderTranscriptComment(comments[i]!);
  } else {
    text = '';
    for (const comment of comments) text += renderTranscriptComment(comment);
  }
  lastTranscript = { comments, text };
  return text;
}

function buildStablePart(turn: TurnDescriptionV1): string {
  const { phase } = turn;
  const head = [
    `# Discussion: ${turn.title}`,
    '',
    turn.context.trim() === '' ? '(no context given)' : turn.context.trim(),
    '',
    `## Current phase: ${phase.title} (${phase.id})`,
    phase.goal === '' ? '' : `Goal: ${phase.goal}`,
    '',
    phase.instructions.trim(),
    '',
    phase.voting ? 'Votes count in this phase.' : 'Votes do not count in this phase; vote null.',
    `Participants: ${turn.participants.map((p) => `@${p}`).join(', ')}.`,
  ].filter((line, index, all) => !(line === '' && all[index - 1] === ''));
  const transcript =
    turn.comments.length === 0 ? '## Comments so far\n\n(none yet: you are among the first to comment)' : `## Comments so far${transcriptText(turn.comments)}`;
  return `${head.join('\n')}\n\n${transcript}`;
}

function askPart(turn: TurnDescriptionV1): string {
  const ask = [
    `## Your turn (@${turn.persona.alias}, round ${turn.round} of at most ${turn.maxRounds} in this phase)`,
    ...(turn.openQuestions.length > 0
      ? ['', 'Open questions for you:', ...turn.openQuestions.map((q) => `- ${q.id} (from ${q.author}): ${q.text}`)]
      : []),
    ...(turn.guidance ? ['', turn.guidance.trim()] : []),
    ...(turn.callout === null ? [] : ['', turn.callout.trim()]),
    '',
    'Reply with the JSON object only.',
  ];
  return ask.join('\n');
}
