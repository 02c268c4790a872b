import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The JSON Schemas Quorum ships (`schemas/` of the Quorum checkout or install), when present. */
const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

/** The config file `quorum init` writes. */
export const STARTER_CONFIG_FILE = 'quorum.config.yaml';

/**
 * What a starter file's `$schema` should say: a relative path to the schema shipped with this
 * Quorum when there is one (editors resolve it offline), else the schema's `$id`.
 */
function schemaReference(fromDir: string, schemaFile: string): string {
  const local = path.join(SCHEMAS_DIR, schemaFile);
  if (!existsSync(local)) return `https://quorum.dev/schemas/${schemaFile}`;
  const relative = path.relative(fromDir, local).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The files `quorum init` writes, relative to the project folder, with their text. */
export function starterFiles(projectDir: string): { readonly file: string; readonly text: string }[] {
  return [
    { file: STARTER_CONFIG_FILE, text: configText(schemaReference(projectDir, 'config.schema.json')) },
    { file: 'templates/proposal.yaml', text: templateText(schemaReference(path.join(projectDir, 'templates'), 'template.schema.json')) },
    { file: 'personas/reviewer.yaml', text: personaText(schemaReference(path.join(projectDir, 'personas'), 'persona.schema.json')) },
  ];
}

function configText(schema: string): string {
  return `# Quorum project configuration. Every key is optional; \`quorum doctor\` checks this file.
$schema: ${schema}   # editor completion and checks
discussions:
  dir: discussions        # where \`quorum new\` writes discussions, relative to this file
# The participants of a discussion started without a template or --participants.
participants: [architect, pragmatist, reviewer]
voting:
  strategy: threshold     # or majority, unanimous, veto, weighted, or a plugin's strategy
  options: { threshold_ready: 0.67 }
# The project's templates/ and personas/ folders are always searched; add more folders here.
templates:
  dirs: []
personas:
  dirs: []
# Models: with no key in the environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, OLLAMA_HOST) and no
# providers.default, simulated personas (the mock provider) answer. \`quorum doctor\` says which
# provider \`quorum run\` would use. To choose one, uncomment these lines:
# providers:
#   default: anthropic:claude-sonnet-4-6
#   fallback: [ollama:llama3.2]
# Only plugins named here are loaded: a path relative to this file or an npm package name;
# [id, { options }] passes options. \`quorum plugins list\` shows what each adds.
# plugins:
#   - ./plugins/risk-markers.mjs
#   - quorum-plugin-risk-markers   # an npm package installed in this project
`;
}

function templateText(schema: string): string {
  return `# A phase template: the phases a discussion goes through and when it moves on.
# Start a discussion with it:  quorum new "Adopt a monorepo" --template proposal
# Check it:                    quorum template validate templates/proposal.yaml
$schema: ${schema}
id: proposal                      # equal to the file name
title: Proposal
description: Discuss a proposal, then accept or reject it by vote.
participants: [architect, pragmatist, reviewer]   # the default participants of every phase
voting: { strategy: threshold, options: { threshold_ready: 0.67 } }
initial: discuss                  # where a new discussion starts
phases:
  discuss:
    title: Discuss
    goal: Understand the proposal, its costs and its risks
    instructions: |               # goes into every prompt of this phase
      Say what is strong and what is weak in the proposal, and what it would cost.
      Ask about anything unclear with Q: and @mention who should answer.
    max_rounds: 2                 # the phase's round budget over the whole discussion
    transitions:                  # tried in order after each round; the first that holds wins
      - to: decide
        when: { all: [all_responded, no_open_questions] }
    on_max_rounds: decide         # where the discussion goes when the budget is spent
  decide:
    title: Decide
    goal: Accept or reject the proposal
    instructions: |
      Vote READY to accept the proposal, CHANGES if it needs another round, REJECT to drop it.
    voting: true                  # votes count here; a VOTE-RESET is written on entry
    max_rounds: 2
    transitions:
      - to: accepted
        when: { consensus: READY }
      - to: rejected
        when: { consensus: REJECT }
      - to: discuss
        when: { consensus: CHANGES }
    on_max_rounds: rejected
  accepted: { title: Accepted, final: ACCEPTED }   # final phases set the Status
  rejected: { title: Rejected, final: REJECTED }
`;
}

function personaText(schema: string): string {
  return `# A persona: an AI participant with a point of view. The alias is the file name.
# See it with:  quorum participants show reviewer
$schema: ${schema}
name: AI-Reviewer                 # the author name of its comments
alias: reviewer                   # how discussions and templates name it (@reviewer)
role: Careful Reviewer
type: voting                      # voting personas vote; background personas only comment
expertise:
  - Reading proposals for gaps and hidden costs
  - Asking the question nobody asked
concerns:
  - "What happens when this fails?"
  - "Who maintains this in a year?"
# provider: ollama:llama3.2       # a model hint for this persona (config and --provider can override it)
personality: |
  You are AI-Reviewer, a careful reviewer. You read every proposal looking for what is missing:
  the failure case, the cost nobody counted, the person nobody asked. You are brief and
  concrete, and you say what would change your mind.

  In a discussion:
  - Ask about anything unclear with Q: and @mention who should answer.
  - Raise risks with CONCERN: and agreements with DECISION:.
  - Vote READY when your concerns are answered, CHANGES when something must change first,
    REJECT when the proposal should not go ahead.
`;
}
