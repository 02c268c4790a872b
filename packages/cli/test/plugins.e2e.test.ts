import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/discussions/brainstorm-notification-system.md', import.meta.url));

const RISK_PLUGIN = `export default {
  specificationVersion: 'v1',
  meta: { name: 'risk-markers', version: '1.0.0' },
  markerSets: [{
    specificationVersion: 'v1',
    name: 'risk',
    markers: [{ type: 'risk', keywords: ['RISK'], label: 'Risks', argument: { description: 'severity', values: ['low', 'medium', 'high'] } }],
  }],
};
`;

async function project(config: string, plugin = RISK_PLUGIN): Promise<string> {
  const cwd = await temporaryProject();
  await writeFile(path.join(cwd, 'quorum.config.yaml'), config);
  await writeFile(path.join(cwd, 'risk-markers.mjs'), plugin);
  await mkdir(path.join(cwd, 'discussions'));
  await copyFile(EXAMPLE, path.join(cwd, 'discussions/brainstorm.md'));
  return cwd;
}

describe('a marker set added through the plugin interface', () => {
  it('shows up in quorum parse and quorum status', async () => {
    const cwd = await project('plugins:\n  - ./risk-markers.mjs\n');
    const parsed = JSON.parse((await runQuorum(['parse', 'discussions/brainstorm.md'], { cwd })).stdout);
    expect(parsed.markers.risk.map((m: { argument: string; text: string; author: string }) => [m.argument, m.text, m.author])).toEqual([
      ['high', 'Notification fatigue makes people turn everything off.', 'AI-Designer'],
      ['medium', 'Push providers rate limit bursts.', 'AI-Architect'],
    ]);
    expect(parsed.markerCounts.risk).toBe(2);
    expect(parsed.comments[0].markers.map((m: { type: string }) => m.type)).toEqual(['decision', 'question', 'risk']);

    const status = await runQuorum(['status', 'discussions/brainstorm.md'], { cwd });
    expect(status.stdout).toContain('Risks (2):\n  (high) Notification fatigue makes people turn everything off. (AI-Designer, line 24)\n');
  });

  it('is not loaded unless config names it', async () => {
    const cwd = await project('{}\n');
    const parsed = JSON.parse((await runQuorum(['parse', 'discussions/brainstorm.md'], { cwd })).stdout);
    expect(parsed.markers.risk).toBeUndefined();
  });

  it('a plugin with the wrong shape fails the command with one sentence naming it', async () => {
    const cwd = await project('plugins:\n  - ./risk-markers.mjs\n', RISK_PLUGIN.replace("specificationVersion: 'v1',\n  meta", "specificationVersion: 'v9',\n  meta"));
    const result = await runQuorum(['parse', 'discussions/brainstorm.md'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: quorum\.config\.yaml:2:5: plugin "\.\/risk-markers\.mjs": implements plugin specification v9, but this Quorum supports v1\n$/);
  });
});

const PICK_PLUGIN = `export default {
  specificationVersion: 'v1',
  meta: { name: 'pick', version: '1.0.0' },
  markerSets: [{ specificationVersion: 'v1', name: 'pick', markers: [{ type: 'pick', keywords: ['PICK'], label: 'Picks' }] }],
  votingStrategies: [{
    specificationVersion: 'v1',
    name: 'pick',
    description: 'Chooses what the latest PICK line of the phase says, and names the markers it was given.',
    optionsSchema: { type: 'object', properties: {} },
    tally({ ballots, markers }) {
      if (markers === undefined) return { reached: false, outcome: null, blockedBy: [], reason: 'No markers were passed.' };
      const picks = markers.filter((m) => m.type === 'pick');
      const own = [...ballots].sort((a, b) => a.voter.localeCompare(b.voter)).map((b) => b.voter + ' ' + (b.markers ?? []).map((m) => m.text).join('+'));
      const choice = picks.at(-1)?.text ?? null;
      return { reached: choice !== null, outcome: choice === null ? null : 'READY', blockedBy: [], choice,
        reason: 'Phase markers: ' + markers.map((m) => m.text).join(', ') + '; ballots: ' + own.join('; ') + '.' };
    },
  }],
};
`;

const PICK_DISCUSSION = `<!-- DISCUSSION -->
<!-- Title: Pick a queue -->
<!-- Phase: decide -->
<!-- Status: OPEN -->
<!-- Participants: architect, security -->

# Pick a queue

---

Name: AI-Architect

PICK: cron
DECISION: before the reset

VOTE: READY

---
<!-- PHASE-TRANSITION: talk -> decide -->
<!-- VOTE-RESET: decide -->
---

Name: AI-Architect

PICK: outbox

VOTE: CHANGES

---

Name: AI-Security

DECISION: no vote here

---

Name: AI-Architect

PICK: queue
Q: retries?

VOTE: READY

---
`;

describe('a voting strategy that reads markers and chooses an option', () => {
  it('gets the phase’s markers and each ballot its comment’s markers, and quorum votes and status show its choice', async () => {
    const cwd = await project('plugins:\n  - ./risk-markers.mjs\nvoting: { strategy: pick }\n', PICK_PLUGIN);
    await writeFile(path.join(cwd, 'discussions/pick.md'), PICK_DISCUSSION);
    const reason = 'Phase markers: outbox, no vote here, queue, retries?; ballots: AI-Architect queue+retries?.';

    const votes = JSON.parse((await runQuorum(['votes', 'discussions/pick.md'], { cwd })).stdout);
    expect(votes).toMatchObject({ strategy: 'pick', reached: true, outcome: 'READY', choice: 'queue', reason });

    const parsed = await runQuorum(['parse', 'discussions/pick.md'], { cwd });
    const piped = await runQuorum(['votes'], { cwd, input: parsed.stdout });
    expect(piped.stderr).toBe('');
    expect(JSON.parse(piped.stdout)).toEqual(votes);
    const discussionOnStdin = await runQuorum(['votes', '-'], { cwd, input: PICK_DISCUSSION });
    expect(JSON.parse(discussionOnStdin.stdout)).toEqual(votes);

    const status = await runQuorum(['status', 'discussions/pick.md'], { cwd });
    expect(status.stdout).toContain(`Consensus: READY reached — ${reason}\nChoice: queue\n`);
    const json = JSON.parse((await runQuorum(['status', 'discussions/pick.md', '--json'], { cwd })).stdout);
    expect(json.votes).toMatchObject({ choice: 'queue', reason });
  });

  it('shows no choice line for a strategy that chooses no option', async () => {
    const cwd = await project('{}\n');
    await writeFile(path.join(cwd, 'discussions/pick.md'), PICK_DISCUSSION);
    const status = await runQuorum(['status', 'discussions/pick.md'], { cwd });
    expect(status.stdout).toContain('Consensus: ');
    expect(status.stdout).not.toContain('Choice:');
    expect(JSON.parse((await runQuorum(['votes', 'discussions/pick.md'], { cwd })).stdout)).not.toHaveProperty('choice');
  });
});
