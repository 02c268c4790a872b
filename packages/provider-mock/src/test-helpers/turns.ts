import type { GenerateRequestV1, PersonaV1, TurnDescriptionV1 } from '@quorum/core';

function persona(alias: string, name: string, role: string, expertise: string[], concerns: string[], type: PersonaV1['type'] = 'voting'): PersonaV1 {
  return { name, alias, role, personality: `You are ${name}, the ${role}.`, expertise, concerns, type };
}

/** Stand-ins for the bundled personas the templates name (the real YAML files land with the personas issue). */
export const PERSONAS: Readonly<Record<string, PersonaV1>> = {
  architect: persona('architect', 'AI-Architect', 'Systems Architect', ['system design', 'scalability', 'service boundaries'], ['How does this scale to ten times the load?', 'Which components own which data?']),
  security: persona('security', 'AI-Security', 'Security Specialist', ['threat modeling', 'authentication', 'input validation'], ['What is the blast radius if a token leaks?', 'Which inputs are trusted, and why?']),
  pragmatist: persona('pragmatist', 'AI-Pragmatist', 'Shipping Pragmatist', ['delivery planning', 'scope control'], ['What is the smallest version that delivers value?', 'Can we ship this in two weeks?']),
  perfectionist: persona('perfectionist', 'AI-Perfectionist', 'Code Quality Reviewer', ['testing', 'error handling', 'naming'], ['Is every failure path tested?', 'Does the documentation still match the code?']),
  designer: persona('designer', 'AI-Designer', 'Product Designer', ['interaction design', 'accessibility'], ['What does the user see when this fails?']),
  researcher: persona('researcher', 'AI-Researcher', 'Researcher', ['prior art', 'user research'], ['Has someone solved this before?'], 'background'),
  dreamer: persona('dreamer', 'AI-Dreamer', 'Visionary Dreamer', ['user experience', 'emerging technology'], ['What would make this remarkable for users?']),
  'cost-cutter': persona('cost-cutter', 'AI-Cost-Cutter', 'Budget-minded Cost Cutter', ['cost control', 'operational simplicity'], ['What does this cost per month at our scale?', 'Who gets paged at 3 a.m.?']),
  visualizer: persona('visualizer', 'AI-Visualizer', 'Diagram Artist', ['Mermaid diagrams', 'visualization'], ['Can this be drawn clearly?'], 'background'),
  'project-manager': persona('project-manager', 'AI-Project-Manager', 'Project Manager', ['requirements', 'planning'], ['Is every requirement testable?']),
  'backend-engineer': persona('backend-engineer', 'AI-Backend-Engineer', 'Backend Engineer', ['APIs', 'data modeling'], ['What happens under concurrent writes?']),
  'frontend-engineer': persona('frontend-engineer', 'AI-Frontend-Engineer', 'Frontend Engineer', ['UI state', 'accessibility'], ['Does it work on a slow phone?']),
  'qa-engineer': persona('qa-engineer', 'AI-QA-Engineer', 'QA Engineer', ['test design', 'failure injection'], ['How do we test the failure paths?']),
};

/** The persona with that alias from {@link PERSONAS}; throws for an unknown one. */
export function personaOf(alias: string): PersonaV1 {
  const found = PERSONAS[alias];
  if (found === undefined) throw new Error(`no test persona ${alias}`);
  return found;
}

/** A turn of the feature template's initial feedback, round 1, for the architect; `fields` override. */
export function makeTurn(fields: Partial<TurnDescriptionV1> = {}): TurnDescriptionV1 {
  return {
    discussion: 'add-rate-limiting.md',
    title: 'Add rate limiting to the public API',
    context: 'Clients hammer the login endpoint; we want per-client limits.',
    persona: personaOf('architect'),
    phase: {
      id: 'initial_feedback',
      title: 'Initial feedback',
      goal: 'Gather diverse first reactions on feasibility, major risks and what is still unclear',
      instructions: 'Name the biggest risks on CONCERN: lines and ask with Q:. Do not vote.',
      voting: false,
    },
    round: 1,
    maxRounds: 2,
    participants: ['architect', 'security', 'pragmatist'],
    comments: [],
    openQuestions: [],
    callout: null,
    ...fields,
  };
}

/** A voting phase description (the feature template's consensus vote). */
export const CONSENSUS_VOTE: TurnDescriptionV1['phase'] = {
  id: 'consensus_vote',
  title: 'Consensus vote',
  goal: 'Decide whether the feature goes ahead as it now stands',
  instructions: 'READY, CHANGES (list each change as a TODO: line) or REJECT (state it as a CONCERN:).',
  voting: true,
};

/** The design debate's final review: a voting phase whose instructions ask for the FINAL DESIGN block. */
export const FINAL_REVIEW: TurnDescriptionV1['phase'] = {
  id: 'final_review',
  title: 'Final review',
  goal: 'Accept or refuse the FINAL DESIGN block on the table',
  instructions: 'The side that wrote it: restate it in full as a block starting with "FINAL DESIGN:" and vote READY.',
  voting: true,
};

/** The design debate's dreamer turn: no votes, asks for a FINAL DESIGN block once the design converged. */
export const DREAMER_TURN: TurnDescriptionV1['phase'] = {
  id: 'dreamer_turn',
  title: "Dreamer's turn",
  goal: 'Push the design toward what would make it remarkable for its users',
  instructions: 'When the design has converged, write a block that starts with the line "FINAL DESIGN:".',
  voting: false,
};

/** A generation request for `turn` with a fresh signal; `fields` override. */
export function makeRequest(turn: TurnDescriptionV1 = makeTurn(), fields: Partial<GenerateRequestV1> = {}): GenerateRequestV1 {
  return {
    model: '',
    system: `You are ${turn.persona.name}. Answer in JSON.`,
    messages: [
      {
        role: 'user',
        content: [
          { text: `Phase: ${turn.phase.title}\nTranscript so far.`, cacheBreakpoint: true },
          { text: `Round ${turn.round}. Your turn.` },
        ],
      },
    ],
    responseSchema: { type: 'object' },
    responseSchemaName: 'quorum_response',
    signal: new AbortController().signal,
    turn,
    ...fields,
  };
}

/** A line that the discussion format would read as a vote (`VOTE: READY`, `- **vote:** ready`…). */
export const VOTE_LIKE_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?vote(?:\*\*|__)?[ \t]*:/im;
