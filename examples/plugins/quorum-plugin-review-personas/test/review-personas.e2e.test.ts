import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorumOk } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const PACK_LINES = [
  /^accessibility\s+AI-Accessibility\s+Accessibility Reviewer\s+voting\s+-\s+plugin quorum-plugin-review-personas$/m,
  /^performance\s+AI-Performance\s+Performance Engineer\s+voting\s+-\s+plugin quorum-plugin-review-personas$/m,
  /^privacy\s+AI-Privacy\s+Privacy Engineer\s+voting\s+-\s+plugin quorum-plugin-review-personas$/m,
  /^sre\s+AI-SRE\s+Site Reliability Engineer\s+voting\s+-\s+plugin quorum-plugin-review-personas$/m,
];

describe('quorum-plugin-review-personas through the quorum binary', () => {
  it('quorum participants list shows the four reviewers, from the plugin, when config names it', async () => {
    const cwd = await exampleProject({ config: 'plugins:\n  - quorum-plugin-review-personas\n', packages: [PACKAGE] });
    const list = await runQuorumOk(['participants', 'list'], { cwd });
    for (const line of PACK_LINES) expect(list.stdout).toMatch(line);
    expect(list.stdout).toMatch(/^architect\s+AI-Architect\s+.*bundled$/m);

    const show = await runQuorumOk(['participants', 'show', 'privacy'], { cwd });
    expect(show.stdout).toContain('Participant: privacy — AI-Privacy\n');
    expect(show.stdout).toContain(`Origin: plugin quorum-plugin-review-personas (${path.join(PACKAGE, 'personas', 'privacy.yaml')})`);
  });

  it('takes part in a discussion: the simulated personas answer as the pack reviewers', async () => {
    const cwd = await exampleProject({ config: 'plugins:\n  - quorum-plugin-review-personas\n', packages: [PACKAGE] });
    await runQuorumOk(['new', 'Move sessions to Redis', '--template', 'feature', '--participants', 'sre,privacy,accessibility'], { cwd });
    const run = await runQuorumOk(['run', 'discussions/move-sessions-to-redis.md', '--max-turns', '1'], { cwd });
    expect(run.stderr).toContain('asking sre, privacy, accessibility');
    const text = await readFile(path.join(cwd, 'discussions/move-sessions-to-redis.md'), 'utf8');
    expect(text.match(/^Name: .*$/gm)).toEqual(['Name: AI-SRE', 'Name: AI-Privacy', 'Name: AI-Accessibility']);
  });

  it('adds no one when config does not name it', async () => {
    const cwd = await exampleProject({ config: '{}\n', packages: [PACKAGE] });
    const list = await runQuorumOk(['participants', 'list'], { cwd });
    for (const line of PACK_LINES) expect(list.stdout).not.toMatch(line);
    expect(list.stdout).not.toContain('AI-SRE');
  });
});
