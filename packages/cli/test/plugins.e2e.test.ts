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
