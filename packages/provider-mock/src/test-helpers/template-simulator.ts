import { readFileSync } from 'node:fs';
import { responseSchema, type ProviderV1, type TurnDescriptionV1, type VoteValue } from '@quorum/core';
import { makeRequest, personaOf } from './turns.js';

/**
 * A small stand-in for the engine, enough to check that simulated personas drive every
 * bundled template to a good end: phases, participants, round budgets and transitions are
 * written out below for each template (the engine's compiler is not a dependency of this
 * package), while titles, goals, instructions and callouts are read from the template files,
 * so the simulated personas see the same text they will see in real runs.
 */

interface Facts {
  readonly allResponded: boolean;
  readonly mentionsAnswered: boolean;
  readonly openQuestions: number;
  readonly consensus: VoteValue | null;
  /** Marker types written in this phase since it was entered. */
  readonly markers: ReadonlySet<string>;
  readonly roundsSinceEntry: number;
}

interface PhaseShape {
  readonly participants?: readonly string[];
  /** The READY share a vote needs, when votes count in the phase. */
  readonly threshold?: number;
  readonly maxRounds: number;
  readonly transitions: readonly (readonly [to: string, when: (facts: Facts) => boolean])[];
  readonly onMaxRounds: string;
}

interface TemplateShape {
  readonly participants: readonly string[];
  readonly initial: string;
  readonly phases: Readonly<Record<string, PhaseShape>>;
  readonly finals: Readonly<Record<string, string>>;
}

const reviewed = (facts: Facts): boolean => facts.allResponded && facts.mentionsAnswered;
const settled = (facts: Facts): boolean => facts.allResponded && facts.openQuestions === 0;
const consensus = (vote: VoteValue) => (facts: Facts) => facts.consensus === vote;
const marker = (type: string) => (facts: Facts) => facts.markers.has(type);

/** The bundled templates' graphs (see templates/*.yaml). */
export const TEMPLATE_SHAPES: Readonly<Record<string, TemplateShape>> = {
  feature: {
    participants: ['architect', 'security', 'pragmatist'],
    initial: 'initial_feedback',
    phases: {
      initial_feedback: { maxRounds: 2, transitions: [['detailed_review', reviewed]], onMaxRounds: 'detailed_review' },
      detailed_review: { maxRounds: 6, transitions: [['consensus_vote', (f) => reviewed(f) && f.openQuestions === 0]], onMaxRounds: 'consensus_vote' },
      consensus_vote: {
        threshold: 0.67,
        maxRounds: 3,
        transitions: [['accepted', consensus('READY')], ['rejected', consensus('REJECT')], ['detailed_review', consensus('CHANGES')]],
        onMaxRounds: 'no_consensus',
      },
    },
    finals: { accepted: 'ACCEPTED', rejected: 'REJECTED', no_consensus: 'NO_CONSENSUS' },
  },
  'code-review': {
    participants: ['architect', 'security', 'perfectionist'],
    initial: 'review',
    phases: {
      review: { maxRounds: 2, transitions: [['verdict', reviewed]], onMaxRounds: 'verdict' },
      verdict: {
        threshold: 0.67,
        maxRounds: 3,
        transitions: [['approved', consensus('READY')], ['rejected', consensus('REJECT')], ['follow_up', consensus('CHANGES')]],
        onMaxRounds: 'changes_requested',
      },
      follow_up: { maxRounds: 4, transitions: [['verdict', (f) => settled(f) && f.markers.has('done')]], onMaxRounds: 'verdict' },
    },
    finals: { approved: 'APPROVED', changes_requested: 'CHANGES_REQUESTED', rejected: 'REJECTED' },
  },
  adr: {
    participants: ['architect', 'security', 'pragmatist'],
    initial: 'proposal',
    phases: {
      proposal: { maxRounds: 2, transitions: [['options_analysis', reviewed]], onMaxRounds: 'options_analysis' },
      options_analysis: { maxRounds: 4, transitions: [['decision', settled]], onMaxRounds: 'decision' },
      decision: {
        threshold: 0.67,
        maxRounds: 3,
        transitions: [['accepted', consensus('READY')], ['rejected', consensus('REJECT')], ['options_analysis', consensus('CHANGES')]],
        onMaxRounds: 'no_consensus',
      },
    },
    finals: { accepted: 'ACCEPTED', rejected: 'REJECTED', superseded: 'SUPERSEDED', no_consensus: 'NO_CONSENSUS' },
  },
  brainstorm: {
    participants: ['architect', 'designer', 'pragmatist', 'researcher'],
    initial: 'seed',
    phases: {
      seed: { maxRounds: 1, transitions: [['diverge', (f) => f.allResponded]], onMaxRounds: 'diverge' },
      diverge: { maxRounds: 3, transitions: [['cluster', (f) => f.allResponded && f.roundsSinceEntry >= 2]], onMaxRounds: 'cluster' },
      cluster: { threshold: 0.5, maxRounds: 3, transitions: [['sketch', consensus('READY')], ['diverge', consensus('REJECT')]], onMaxRounds: 'sketch' },
      sketch: { maxRounds: 2, transitions: [['reality_check', (f) => f.allResponded]], onMaxRounds: 'reality_check' },
      reality_check: { maxRounds: 2, transitions: [['decide', settled]], onMaxRounds: 'decide' },
      decide: {
        threshold: 0.67,
        maxRounds: 3,
        transitions: [
          ['decided', (f) => f.consensus === 'READY' && f.openQuestions === 0],
          ['shelved', consensus('REJECT')],
          ['reality_check', consensus('CHANGES')],
        ],
        onMaxRounds: 'no_consensus',
      },
    },
    finals: { decided: 'DECIDED', shelved: 'SHELVED', no_consensus: 'NO_CONSENSUS' },
  },
  'design-debate': {
    participants: ['dreamer', 'cost-cutter', 'visualizer'],
    initial: 'dreamer_turn',
    phases: {
      dreamer_turn: {
        participants: ['dreamer'],
        maxRounds: 10,
        transitions: [['final_review', marker('final_design')], ['cost_cutter_turn', (f) => f.allResponded]],
        onMaxRounds: 'closing',
      },
      cost_cutter_turn: {
        participants: ['cost-cutter'],
        maxRounds: 10,
        transitions: [['final_review', marker('final_design')], ['dreamer_turn', (f) => f.allResponded]],
        onMaxRounds: 'closing',
      },
      final_review: {
        participants: ['dreamer', 'cost-cutter', 'visualizer'],
        threshold: 0.67,
        maxRounds: 3,
        transitions: [['accepted', (f) => f.markers.has('final_design') && f.consensus === 'READY'], ['dreamer_turn', consensus('REJECT')]],
        onMaxRounds: 'closing',
      },
      closing: {
        participants: ['dreamer', 'cost-cutter', 'visualizer'],
        threshold: 0.67,
        maxRounds: 2,
        transitions: [['accepted', (f) => f.markers.has('final_design') && f.consensus === 'READY']],
        onMaxRounds: 'unresolved',
      },
    },
    finals: { accepted: 'ACCEPTED', unresolved: 'UNRESOLVED' },
  },
  'delivery-pipeline': {
    participants: ['project-manager', 'backend-engineer', 'frontend-engineer', 'architect', 'qa-engineer'],
    initial: 'requirements',
    phases: {
      requirements: { participants: ['project-manager', 'qa-engineer'], maxRounds: 3, transitions: [['technical_plans', settled]], onMaxRounds: 'technical_plans' },
      technical_plans: { participants: ['backend-engineer', 'architect'], maxRounds: 2, transitions: [['plan_comparison', (f) => f.allResponded]], onMaxRounds: 'plan_comparison' },
      plan_comparison: {
        participants: ['project-manager'],
        maxRounds: 2,
        transitions: [['conflict_resolution', marker('conflict')], ['implementation', (f) => f.allResponded]],
        onMaxRounds: 'conflict_resolution',
      },
      conflict_resolution: {
        participants: ['project-manager', 'backend-engineer', 'frontend-engineer', 'architect'],
        threshold: 0.67,
        maxRounds: 3,
        transitions: [['implementation', consensus('READY')], ['requirements', consensus('REJECT')]],
        onMaxRounds: 'escalated',
      },
      implementation: { participants: ['backend-engineer', 'frontend-engineer'], maxRounds: 4, transitions: [['testing', settled]], onMaxRounds: 'testing' },
      testing: {
        participants: ['qa-engineer'],
        maxRounds: 3,
        transitions: [['implementation', marker('concern')], ['file_generation', (f) => f.allResponded]],
        onMaxRounds: 'file_generation',
      },
      file_generation: { participants: ['project-manager'], maxRounds: 2, transitions: [['delivered', settled]], onMaxRounds: 'delivered' },
    },
    finals: { delivered: 'DELIVERED', escalated: 'ESCALATED' },
  },
};

interface PhaseText {
  readonly title: string;
  readonly goal: string;
  readonly instructions: string;
  readonly callout: string | null;
}

/** Title, goal, instructions and callout of every phase of a bundled template, read from its YAML text. */
export function readPhaseTexts(template: string): Record<string, PhaseText> {
  const source = readFileSync(new URL(`../../../../templates/${template}.yaml`, import.meta.url), 'utf8');
  const lines = source.split('\n');
  const texts: Record<string, PhaseText> = {};
  let index = lines.indexOf('phases:') + 1;
  while (index < lines.length) {
    const header = /^ {2}([a-z_]+):\s*$/.exec(lines[index] ?? '');
    index++;
    if (header === null) continue;
    const fields: Record<string, string> = {};
    while (index < lines.length && !/^ {2}\S/.test(lines[index] ?? '')) {
      const field = /^ {4}([a-z_]+):\s?(.*)$/.exec(lines[index] ?? '');
      index++;
      if (field === null) continue;
      const [, key = '', value = ''] = field;
      if (value === '|') {
        const block: string[] = [];
        while (index < lines.length && (/^ {6}/.test(lines[index] ?? '') || (lines[index] ?? '') === '')) block.push((lines[index++] ?? '').slice(6));
        fields[key] = `${block.join('\n').trimEnd()}\n`;
      } else {
        fields[key] = value;
      }
    }
    texts[header[1] ?? ''] = { title: fields.title ?? '', goal: fields.goal ?? '', instructions: fields.instructions ?? '', callout: fields.callout ?? null };
  }
  return texts;
}

/** How a simulated run went. */
export interface SimulatedRun {
  /** The phases entered, the initial one first and the final one last. */
  readonly phases: string[];
  readonly status: string | undefined;
  readonly rounds: number;
  readonly comments: { author: string; text: string; vote: VoteValue | null }[];
  /** Replies that did not parse or validate (should be none). */
  readonly invalidReplies: string[];
}

const Q_LINE = /^Q: (.*)$/;
const A_LINE = /^A\((Q\d+)\):/;
const MARKER_TYPES: readonly (readonly [RegExp, string])[] = [
  [/^FINAL DESIGN:/, 'final_design'],
  [/^CONCERN:/, 'concern'],
  [/^DONE\(/, 'done'],
  [/^CONFLICT:/, 'conflict'],
];

/**
 * Runs a bundled template with `provider` answering for every persona, the way the engine
 * does: in a phase's later rounds only the participants @mentioned since their last comment
 * are asked (if any), everyone otherwise; votes are counted since the phase was entered.
 */
export async function simulateTemplate(template: string, provider: ProviderV1, discussion: string, maxTotalRounds = 80): Promise<SimulatedRun> {
  const shape = TEMPLATE_SHAPES[template];
  if (shape === undefined) throw new Error(`no shape for ${template}`);
  const texts = readPhaseTexts(template);
  const comments: SimulatedRun['comments'] = [];
  const invalidReplies: string[] = [];
  const phases = [shape.initial];
  const totalRounds = new Map<string, number>();
  let phaseId = shape.initial;
  let entry = 0;
  let roundsSinceEntry = 0;
  let responded = new Set<string>();
  let rounds = 0;

  while (shape.finals[phaseId] === undefined && rounds < maxTotalRounds) {
    const phase = shape.phases[phaseId];
    const text = texts[phaseId];
    if (phase === undefined || text === undefined) throw new Error(`${template}: unknown phase ${phaseId}`);
    const participants = phase.participants ?? shape.participants;
    const round = (totalRounds.get(phaseId) ?? 0) + 1;
    totalRounds.set(phaseId, round);
    rounds++;
    roundsSinceEntry++;
    const pending = pendingMentions(comments.slice(entry), participants);
    const responders = roundsSinceEntry > 1 && pending.length > 0 ? participants.filter((alias) => pending.includes(alias)) : participants;
    const snapshot = [...comments];
    const replies = await Promise.all(
      responders.map(async (alias) => {
        const persona = personaOf(alias);
        const turn: TurnDescriptionV1 = {
          discussion,
          title: 'Add rate limiting to the public API',
          context: 'Clients hammer the login endpoint.',
          persona,
          phase: { id: phaseId, title: text.title, goal: text.goal, instructions: text.instructions, voting: phase.threshold !== undefined },
          round,
          maxRounds: phase.maxRounds,
          participants,
          comments: snapshot,
          openQuestions: openQuestions(snapshot).filter((q) => q.author !== persona.name && (q.mentions.length === 0 || q.mentions.includes(alias))),
          callout: text.callout,
        };
        const result = await provider.generate(makeRequest(turn));
        return { persona, text: result.text };
      }),
    );
    for (const reply of replies) {
      responded.add(reply.persona.alias);
      const parsed = responseSchema.safeParse(safeJson(reply.text));
      if (!parsed.success) {
        invalidReplies.push(reply.text);
        continue;
      }
      if (parsed.data.comment === 'NO_RESPONSE') continue;
      comments.push({ author: reply.persona.name, text: parsed.data.comment, vote: parsed.data.vote });
    }
    const since = comments.slice(entry);
    const facts: Facts = {
      allResponded: participants.every((alias) => responded.has(alias)),
      mentionsAnswered: pendingMentions(since, participants).length === 0,
      openQuestions: openQuestions(comments).length,
      consensus: phase.threshold === undefined ? null : tally(since, participants, phase.threshold),
      markers: new Set(since.flatMap((comment) => comment.text.split('\n').flatMap((line) => MARKER_TYPES.filter(([pattern]) => pattern.test(line)).map(([, type]) => type)))),
      roundsSinceEntry,
    };
    const next = phase.transitions.find(([, when]) => when(facts))?.[0] ?? (round >= phase.maxRounds ? phase.onMaxRounds : undefined);
    if (next !== undefined) {
      phaseId = next;
      phases.push(next);
      entry = comments.length;
      roundsSinceEntry = 0;
      responded = new Set();
    }
  }
  return { phases, status: shape.finals[phaseId], rounds, comments, invalidReplies };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function mentionsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w.+-])@([a-z][a-z0-9_-]*)/g)].map((match) => match[1] ?? '');
}

function pendingMentions(comments: SimulatedRun['comments'], participants: readonly string[]): string[] {
  const pending: string[] = [];
  comments.forEach((comment, index) => {
    for (const alias of mentionsIn(comment.text)) {
      const name = personaOf(alias).name;
      const answered = comments.slice(index + 1).some((later) => later.author === name);
      if (!answered && comment.author !== name && participants.includes(alias) && !pending.includes(alias)) pending.push(alias);
    }
  });
  return pending;
}

function openQuestions(comments: SimulatedRun['comments']): { id: string; author: string; text: string; mentions: string[] }[] {
  const questions: { id: string; author: string; text: string; mentions: string[] }[] = [];
  const answered = new Set<string>();
  for (const comment of comments) {
    for (const line of comment.text.split('\n')) {
      const question = Q_LINE.exec(line);
      if (question !== null) questions.push({ id: `Q${questions.length + 1}`, author: comment.author, text: question[1] ?? '', mentions: mentionsIn(line) });
      const answer = A_LINE.exec(line);
      if (answer?.[1] !== undefined) answered.add(answer[1]);
    }
  }
  return questions.filter((question) => !answered.has(question.id));
}

/** The threshold rule: READY when its share reaches the threshold and no REJECT blocks it, else REJECT, else CHANGES. */
function tally(comments: SimulatedRun['comments'], participants: readonly string[], threshold: number): VoteValue | null {
  const voters = participants.map(personaOf).filter((persona) => persona.type === 'voting');
  const latest = new Map<string, VoteValue>();
  for (const comment of comments) if (comment.vote !== null) latest.set(comment.author, comment.vote);
  const share = (vote: VoteValue) => Math.round((100 * voters.filter((voter) => latest.get(voter.name) === vote).length) / voters.length);
  const needed = Math.round(threshold * 100);
  if (share('READY') >= needed && share('REJECT') === 0) return 'READY';
  if (share('REJECT') >= needed) return 'REJECT';
  if (share('CHANGES') >= needed) return 'CHANGES';
  return null;
}
