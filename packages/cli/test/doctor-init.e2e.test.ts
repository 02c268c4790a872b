import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAITestServer } from '../../provider-openai/test/openai-test-server.js';
import { runQuorum, temporaryProject } from './run-quorum.js';

const CANARY = 'sk-canary-doctor-7c1d9e2f4a6b8c0d';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The lines of `quorum doctor` output at one level. */
function linesAt(stdout: string, level: 'ok' | 'note' | 'warning' | 'problem'): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`${level} `));
}

/** A plugin module that contributes one provider named `name`; `factory` holds the rest of its factory's members. */
function providerPlugin(name: string, factory: string): string {
  return `export default {
  specificationVersion: 'v1',
  meta: { name: '${name}', version: '1.0.0' },
  providers: [{
    specificationVersion: 'v1', name: '${name}', description: 'a test provider',
    ${factory}
  }],
};
`;
}

async function initialised(): Promise<string> {
  const cwd = await temporaryProject();
  const init = await runQuorum(['init'], { cwd });
  expect(init.code, init.stderr).toBe(0);
  return cwd;
}

describe('quorum init', () => {
  it('writes a config with its $schema, an example template and an example persona, which doctor finds without a problem', async () => {
    const cwd = await temporaryProject();
    const init = await runQuorum(['init'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('wrote quorum.config.yaml\nwrote templates/proposal.yaml\nwrote personas/reviewer.yaml\n');
    for (const [file, schema] of [
      ['quorum.config.yaml', 'config.schema.json'],
      ['templates/proposal.yaml', 'template.schema.json'],
      ['personas/reviewer.yaml', 'persona.schema.json'],
    ] as const) {
      const reference = /^\$schema: (\S+)/m.exec(await readFile(path.join(cwd, file), 'utf8'))?.[1] ?? '';
      expect(reference.endsWith(schema), file).toBe(true);
      // The reference resolves from the file, so an editor finds the schema offline.
      expect(existsSync(path.resolve(path.dirname(path.join(cwd, file)), reference)), reference).toBe(true);
    }

    const doctor = await runQuorum(['doctor'], { cwd });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(linesAt(doctor.stdout, 'problem')).toEqual([]);
    expect(linesAt(doctor.stdout, 'warning')).toEqual([]);
    expect(doctor.stdout).toContain('ok      templates: proposal (templates/proposal.yaml) compiles\n');
    expect(doctor.stdout).toMatch(/ok {6}personas: 16 personas load \(15 bundled, 1 project\)\n/);
    expect(doctor.stdout).toContain("note    providers: no LLM provider is configured, so quorum run is answered by the mock provider's simulated personas");
    expect(doctor.stdout).toMatch(/\n\d+ checks ok, 0 warnings, 0 problems \(\d+ notes\)\n$/);

    // The example template and persona are usable as they are.
    const created = await runQuorum(['new', 'Adopt a monorepo', '--template', 'proposal'], { cwd });
    expect(created.code, created.stderr).toBe(0);
    const run = await runQuorum(['run', created.stdout.trim(), '--max-turns', '2'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(cwd, created.stdout.trim()), 'utf8')).toContain('Name: AI-Reviewer');

    // The config's commented examples are valid YAML and config once uncommented.
    const starter = await readFile(path.join(cwd, 'quorum.config.yaml'), 'utf8');
    const uncommented = starter.replace(/^# (providers|plugins):/gm, '$1:').replace(/^#( {3}\S.*)$/gm, '$1');
    expect(uncommented).toMatch(/^providers:\n {3}default: \S+\n/m);
    expect(uncommented).toMatch(/^plugins:\n {3}- \.\/plugins\/risk-markers\.mjs\n/m);
    await writeFile(path.join(cwd, 'quorum.config.yaml'), uncommented);
    const checked = JSON.parse((await runQuorum(['doctor', '--json'], { cwd })).stdout) as { checks: { level: string; area: string; message: string }[] };
    expect(checked.checks[0]).toEqual({ level: 'ok', area: 'config', message: 'quorum.config.yaml parses and is valid' });
  });

  it('refuses to replace existing files without --force, in one sentence', async () => {
    const cwd = await temporaryProject();
    await mkdir(path.join(cwd, 'site/templates'), { recursive: true });
    await writeFile(path.join(cwd, 'site/templates/proposal.yaml'), 'mine\n');
    const refused = await runQuorum(['init', 'site'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('quorum: site/templates/proposal.yaml already exists; quorum init replaces nothing without --force\n');
    expect(existsSync(path.join(cwd, 'site/quorum.config.yaml'))).toBe(false);
    expect(await readFile(path.join(cwd, 'site/templates/proposal.yaml'), 'utf8')).toBe('mine\n');

    const forced = await runQuorum(['init', 'site', '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'site/templates/proposal.yaml'), 'utf8')).toContain('id: proposal');
  });

  it('refuses a folder another config file already configures, and a DIR that is a file', async () => {
    const cwd = await temporaryProject();
    // .quorumrc.json is read before quorum.config.yaml: a starter config beside it would be ignored.
    await writeFile(path.join(cwd, '.quorumrc.json'), '{ "participants": ["architect"] }\n');
    const configured = await runQuorum(['init', '--force'], { cwd });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toBe(
      'quorum: .quorumrc.json already configures Quorum in this folder, and a quorum.config.yaml beside it would be ignored; keep it, or remove it and run quorum init again\n',
    );
    expect(existsSync(path.join(cwd, 'templates'))).toBe(false);

    // A package.json counts only with a "quorum" key.
    await mkdir(path.join(cwd, 'app'));
    await writeFile(path.join(cwd, 'app/package.json'), '{ "name": "app" }\n');
    expect((await runQuorum(['init', 'app'], { cwd })).code).toBe(0);
    await writeFile(path.join(cwd, 'app/package.json'), '{ "name": "app", "quorum": {} }\n');
    expect((await runQuorum(['init', 'app', '--force'], { cwd })).stderr).toMatch(/^quorum: app\/package\.json already configures Quorum in this folder/);

    await writeFile(path.join(cwd, 'notes.txt'), 'not a folder\n');
    const file = await runQuorum(['init', 'notes.txt'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toBe('quorum: notes.txt is not a folder; give quorum init the folder of the project (it is created when missing)\n');
  });
});

describe('quorum doctor', () => {
  it('reports a template error as a problem and exits 1; a warning alone exits 0', async () => {
    const cwd = await initialised();
    const template = await readFile(path.join(cwd, 'templates/proposal.yaml'), 'utf8');
    // An unreachable phase is a warning.
    await writeFile(path.join(cwd, 'templates/proposal.yaml'), `${template}  orphan: { title: Orphan, final: ORPHAN }\n`);
    const warned = await runQuorum(['doctor'], { cwd });
    expect(warned.code, warned.stdout).toBe(0);
    expect(linesAt(warned.stdout, 'warning').join('\n')).toMatch(/^warning templates: templates\/proposal\.yaml:\d+:\d+: warning: .*orphan/);

    await writeFile(path.join(cwd, 'templates/proposal.yaml'), template.replace('- to: accepted', '- to: acepted'));
    const broken = await runQuorum(['doctor'], { cwd });
    expect(broken.code).toBe(1);
    expect(linesAt(broken.stdout, 'problem')).toEqual([expect.stringMatching(/^problem templates: templates\/proposal\.yaml:\d+:\d+: error: .*"acepted".*did you mean "accepted"/)]);
    expect(broken.stdout).toMatch(/, 1 problem( \(\d+ notes?\))?\n$/);
    expect(broken.stderr).toBe('quorum: doctor found 1 problem; fix it and run quorum doctor again\n');
  });

  it('reports an invalid config, a plugin that does not load, an unknown participant and a duplicate persona', async () => {
    const cwd = await initialised();
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'discussion:\n  dir: notes\n');
    const badConfig = await runQuorum(['doctor', '--json'], { cwd });
    expect(badConfig.code).toBe(1);
    const report = JSON.parse(badConfig.stdout) as { checks: { level: string; area: string; message: string }[]; summary: { problems: number } };
    expect(report.checks[0]).toMatchObject({ level: 'problem', area: 'config', message: expect.stringMatching(/^quorum\.config\.yaml:1:1: discussion is not a known key \(did you mean "discussions"\?\)$/) });
    expect(report.summary.problems).toBe(1);

    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./missing-plugin.mjs\n');
    const badPlugin = await runQuorum(['doctor'], { cwd });
    expect(badPlugin.code).toBe(1);
    expect(linesAt(badPlugin.stdout, 'problem')).toEqual([expect.stringContaining('plugins: quorum.config.yaml:2:5: plugin "./missing-plugin.mjs": cannot find')]);

    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'participants: [architect, reviewr]\n');
    await writeFile(path.join(cwd, 'personas/architect.yml'), (await readFile(path.join(cwd, 'personas/reviewer.yaml'), 'utf8')).replace('alias: reviewer', 'alias: architect'));
    const shadowed = await runQuorum(['doctor'], { cwd });
    expect(shadowed.code).toBe(1);
    expect(shadowed.stdout).toContain('note    personas: architect (project) replaces the bundled persona of that alias\n');
    expect(linesAt(shadowed.stdout, 'problem')).toEqual([expect.stringMatching(/^problem personas: participants in the config: unknown participant "reviewr" \(did you mean "reviewer"\?\)/)]);

    await writeFile(path.join(cwd, 'personas/architect.yaml'), await readFile(path.join(cwd, 'personas/architect.yml'), 'utf8'));
    const duplicate = await runQuorum(['doctor'], { cwd });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toMatch(/problem personas: .*persona "architect" is defined twice in personas: architect\.yaml and architect\.yml; remove one/);
  });

  it('says how to use a configured plugin provider that quorum run would not pick by itself', async () => {
    const cwd = await initialised();
    await writeFile(
      path.join(cwd, 'echo.mjs'),
      providerPlugin(
        'echo',
        `configured: () => ({ ok: true, reason: 'needs no key' }),
    create: () => ({ specificationVersion: 'v1', name: 'echo', defaultModel: 'echo-1',
      generate: async () => ({ text: '{"comment":"ok","vote":null}', model: 'echo-1', usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 } }) }),`,
      ),
    );
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./echo.mjs\n');
    const doctor = await runQuorum(['doctor'], { cwd });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toContain('ok      providers: echo is configured (needs no key)\n');
    expect(doctor.stdout).toContain(
      "note    providers: quorum run is answered by the mock provider's simulated personas, because providers.default names no model; set it (e.g. providers.default: echo) to use echo\n",
    );

    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./echo.mjs\nproviders:\n  default: echo\n');
    expect((await runQuorum(['doctor'], { cwd })).stdout).toContain('ok      providers: quorum run uses echo:echo-1 by default\n');
  });

  it('names the variable a plugin provider reads its key from, and hides secrets in its settings', async () => {
    const cwd = await initialised();
    await writeFile(
      path.join(cwd, 'keyed.mjs'),
      providerPlugin(
        'keyed',
        `optionsSchema: { type: 'object', properties: { apiKeyEnv: { type: 'string' }, headers: { type: 'object' } } },
    configured: (settings, { env }) => env[settings.apiKeyEnv]
      ? { ok: true, reason: 'sends ' + settings.headers.Authorization }
      : { ok: false, reason: settings.apiKeyEnv + ' is not set; export it with the key' },
    create: () => { throw new Error('not used'); },`,
      ),
    );
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./keyed.mjs\nproviders:\n  keyed:\n    apiKeyEnv: KEYED_API_KEY\n    headers: { Authorization: Bearer header-secret-42 }\n');
    const missing = await runQuorum(['doctor'], { cwd });
    expect(missing.stdout).toContain('note    providers: keyed is not configured: KEYED_API_KEY is not set; export it with the key\n');
    const set = await runQuorum(['doctor'], { cwd, env: { KEYED_API_KEY: 'sk-keyed-0123456789' } });
    expect(set.stdout).toContain('ok      providers: keyed is configured (sends ***)\n');
  });

  it('says which provider keys are set without printing them, and with --online asks each configured provider', async () => {
    const server = await startOpenAITestServer({ apiKey: CANARY });
    closers.push(() => server.close());
    const cwd = await initialised();
    const env = { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: server.baseURL };

    const offline = await runQuorum(['doctor'], { cwd, env });
    expect(offline.code, offline.stdout).toBe(0);
    expect(offline.stdout).toContain('ok      providers: openai is configured (OPENAI_API_KEY and OPENAI_BASE_URL set)\n');
    expect(offline.stdout).toContain('note    providers: anthropic is not configured: ANTHROPIC_API_KEY is not set');
    expect(offline.stdout).toMatch(/ok {6}providers: quorum run uses openai:gpt-\S+ by default\n/);
    expect(server.requests).toHaveLength(0);

    const online = await runQuorum(['doctor', '--online'], { cwd, env });
    expect(online.code, online.stdout).toBe(0);
    expect(online.stdout).toMatch(/ok {6}providers: openai answered a minimal request \(model \S+, \d+ ms\)\n/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body?.['max_completion_tokens'] ?? server.requests[0]!.body?.['max_tokens']).toBe(20);

    // A wrong key: the server echoes it whole in its error; doctor reports the error without it.
    const wrongKey = `${CANARY}-wrong`;
    const rejected = await runQuorum(['doctor', '--online'], { cwd, env: { ...env, OPENAI_API_KEY: wrongKey } });
    expect(rejected.code).toBe(1);
    expect(linesAt(rejected.stdout, 'problem')).toEqual([expect.stringMatching(/^problem providers: openai: /)]);
    for (const text of [offline.stdout, offline.stderr, online.stdout, online.stderr, rejected.stdout, rejected.stderr]) {
      expect(text).not.toContain(CANARY);
    }

    // A server that never answers is cut off by --timeout.
    server.reply({ hang: true });
    const hung = await runQuorum(['doctor', '--online', '--timeout', '0.5'], { cwd, env });
    expect(hung.code).toBe(1);
    expect(linesAt(hung.stdout, 'problem')).toEqual([expect.stringMatching(/^problem providers: openai: .*time/)]);
  });
});
