import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorumOk } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const DISCUSSION = `<!-- DISCUSSION -->
<!-- Title: Move sessions to Redis -->
<!-- Phase: review -->
<!-- Status: OPEN -->
<!-- Participants: security, architect -->

# Move sessions to Redis

---

Name: AI-Security

RISK(high): Session tokens are stored unhashed, so a Redis dump is a list of live logins.
RISK: Nobody has said who rotates the Redis password.
RISK(urgent): not a severity, so not a risk.

VOTE: CHANGES

---

Name: AI-Architect

- RISK(Medium): Failover drops in-flight sessions; users are logged out.

VOTE: READY

---
`;

async function project(config: string): Promise<string> {
  return exampleProject({ config, packages: [PACKAGE], files: { 'discussions/sessions.md': DISCUSSION } });
}

describe('quorum-plugin-risk-markers through the quorum binary', () => {
  it('counts RISK lines in quorum parse and lists them in quorum status when config names the package', async () => {
    const cwd = await project('plugins:\n  - quorum-plugin-risk-markers\n');
    const parse = await runQuorumOk(['parse', 'discussions/sessions.md'], { cwd });
    expect(parse.stderr).toBe('');
    const parsed = JSON.parse(parse.stdout);
    expect(parsed.markerCounts.risk).toBe(3);
    expect(parsed.markers.risk.map((m: { argument: string | null; author: string }) => [m.argument, m.author])).toEqual([
      ['high', 'AI-Security'],
      [null, 'AI-Security'],
      ['medium', 'AI-Architect'],
    ]);

    const status = await runQuorumOk(['status', 'discussions/sessions.md'], { cwd });
    expect(status.stdout).toContain('Risks (3):\n');
    expect(status.stdout).toContain('  (high) Session tokens are stored unhashed, so a Redis dump is a list of live logins. (AI-Security, line 13)\n');
    expect(status.stdout).toContain('  (medium) Failover drops in-flight sessions; users are logged out. (AI-Architect, line 23)\n');
    expect(status.stdout).toContain('  Nobody has said who rotates the Redis password. (AI-Security, line 14)\n');
    expect(status.stdout).not.toContain('urgent');
  });

  it('adds nothing when config does not name it, even though the package is installed', async () => {
    const cwd = await project('{}\n');
    const parsed = JSON.parse((await runQuorumOk(['parse', 'discussions/sessions.md'], { cwd })).stdout);
    expect(parsed.markers.risk).toBeUndefined();
    expect(parsed.markerCounts.risk).toBeUndefined();
  });

  it('has its README example config parse as written', async () => {
    const readme = await readFile(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const config = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(config).toBeDefined();
    const cwd = await project(config!);
    const result = await runQuorumOk(['parse', 'discussions/sessions.md'], { cwd });
    expect(JSON.parse(result.stdout).markerCounts.risk).toBe(3);
  });
});
