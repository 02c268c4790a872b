import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@quorum/core';
import { parsePersonaFile } from '@quorum/personas';
import type { CliIo } from '../src/cli-io.js';
import { registerParticipants } from '../src/commands/participants-command.js';
import type { ParticipantPrompts, TextPromptOptions } from '../src/commands/participants-prompts.js';
import { splitList, splitQuestions } from '../src/commands/participants-wizard.js';
import { Project } from '../src/project.js';

const CANCEL = Symbol('cancel');

/**
 * Prompts that answer from a script, in order. A text answer its question's `validate`
 * refuses is recorded as a rejection and the next answer is tried, as a person would retype.
 */
class ScriptedPrompts implements ParticipantPrompts {
  readonly asked: string[] = [];
  readonly rejected: Array<{ question: string; answer: string; problem: string }> = [];
  readonly notes: string[] = [];
  constructor(private readonly answers: Array<string | boolean | symbol>) {}

  intro(title: string): void {
    this.notes.push(`intro: ${title}`);
  }
  outro(message: string): void {
    this.notes.push(`outro: ${message}`);
  }
  text(options: TextPromptOptions): Promise<string | symbol> {
    return Promise.resolve(this.answerText(options));
  }
  multiline(options: TextPromptOptions): Promise<string | symbol> {
    return Promise.resolve(this.answerText(options));
  }
  select<Value extends string>(options: { message: string; options: readonly { value: Value }[] }): Promise<Value | symbol> {
    this.asked.push(options.message);
    const answer = this.next();
    if (typeof answer === 'symbol') return Promise.resolve(answer);
    expect(options.options.map((choice) => choice.value)).toContain(answer);
    return Promise.resolve(answer as Value);
  }
  confirm(options: { message: string }): Promise<boolean | symbol> {
    this.asked.push(options.message);
    return Promise.resolve(this.next() as boolean | symbol);
  }
  isCancel(value: unknown): value is symbol {
    return value === CANCEL;
  }

  private answerText(options: TextPromptOptions): string | symbol {
    this.asked.push(options.message);
    for (;;) {
      const answer = this.next();
      if (typeof answer !== 'string') return answer as symbol;
      const value = answer === '' && options.defaultValue !== undefined ? options.defaultValue : answer;
      const problem = options.validate?.(value);
      if (problem === undefined) return value;
      this.rejected.push({ question: options.message, answer, problem });
    }
  }
  private next(): string | boolean | symbol {
    if (this.answers.length === 0) throw new Error(`no scripted answer left for "${this.asked.at(-1)}"`);
    return this.answers.shift()!;
  }
}

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function terminalProject(): Promise<{ cwd: string; io: CliIo; output: () => string }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'quorum-wizard-'));
  made.push(cwd);
  let out = '';
  const io: CliIo = {
    cwd,
    env: {},
    stdinIsTty: true,
    out: (text) => (out += text),
    err: (text) => (out += text),
    readStdin: () => Promise.reject(new Error('the wizard must not read standard input')),
  };
  return { cwd, io, output: () => out };
}

async function run(io: CliIo, prompts: ScriptedPrompts, args: string[]): Promise<void> {
  const program = new Command('quorum').exitOverride();
  registerParticipants(program, new Project(io, undefined), async () => prompts);
  for (const command of program.commands) command.exitOverride();
  await program.parseAsync(['participants', ...args], { from: 'user' });
}

describe('quorum participants add, the wizard', () => {
  it('asks for every field, checks each answer, and writes a valid persona with a drafted personality', async () => {
    const { cwd, io, output } = await terminalProject();
    const prompts = new ScriptedPrompts([
      '', // name: refused, it is required
      'AI-Critic',
      'Critic!', // alias: refused, not an alias
      '', // alias: the suggestion derived from the name, critic
      "Devil's advocate",
      'voting',
      ' reviews , writing,, ',
      'Is it clear?, Who reads it, and why?',
      '', // personality: draft one
      'Claude Sonnet', // provider hint: refused
      '',
    ]);
    await run(io, prompts, ['add']);

    expect(prompts.rejected.map((r) => [r.answer, r.problem])).toEqual([
      ['', 'give the name'],
      ['Critic!', 'start with a letter; then letters, digits, "-" or "_", not ending in "-" or "_"'],
      ['Claude Sonnet', 'write provider:model (anthropic:claude-sonnet-4-5) or a provider name (ollama)'],
    ]);
    expect(prompts.notes).toEqual(['intro: Add a participant', 'outro: critic is ready']);
    expect(output()).toBe('Added participant critic (AI-Critic, voting) in personas/critic.yaml\n');

    const text = await readFile(path.join(cwd, 'personas/critic.yaml'), 'utf8');
    expect(text).toMatch(/^\$schema: https:\/\/quorum\.dev\/schemas\/persona\.schema\.json\nname: AI-Critic\nalias: critic\n/);
    const persona = parsePersonaFile('personas/critic.yaml', text);
    expect(persona).toMatchObject({
      name: 'AI-Critic',
      alias: 'critic',
      role: "Devil's advocate",
      type: 'voting',
      expertise: ['reviews', 'writing'],
      concerns: ['Is it clear?', 'Who reads it, and why?'],
    });
    expect(persona.provider).toBeUndefined();
    expect(persona.personality).toContain("You are AI-Critic, the Devil's advocate of this discussion.");
    expect(persona.personality).toContain('NO_RESPONSE');
  });

  it('takes a written personality, a background type and a provider hint as given', async () => {
    const { cwd, io } = await terminalProject();
    const personality = 'You are Ada.\n\nYou read everything twice.\n';
    await run(io, new ScriptedPrompts(['Ada', 'reader', 'Close reader', 'background', '', '', personality, 'ollama']), ['add']);
    expect(parsePersonaFile('reader.yaml', await readFile(path.join(cwd, 'personas/reader.yaml'), 'utf8'))).toEqual({
      name: 'Ada',
      alias: 'reader',
      role: 'Close reader',
      personality,
      expertise: [],
      concerns: [],
      type: 'background',
      provider: 'ollama',
    });
  });

  it("refuses an alias the project's own personas have, unless --force; a bundled one may be replaced", async () => {
    const { cwd, io, output } = await terminalProject();
    await mkdir(path.join(cwd, 'personas'));
    await writeFile(path.join(cwd, 'personas/critic.yaml'), 'name: AI-Critic\nalias: critic\nrole: Old\npersonality: Old.\n');
    const answers = ['AI-Critic', 'critic', 'architect', 'Our architect', 'voting', '', '', '', ''];
    const refused = new ScriptedPrompts([...answers]);
    await run(io, refused, ['add']);
    expect(refused.rejected).toEqual([
      {
        question: 'Alias, used in @mentions and as the file name',
        answer: 'critic',
        problem: 'personas/critic.yaml already defines "critic"; choose another alias, or run again with --force to replace it',
      },
    ]);
    expect(output()).toBe('Added participant architect (AI-Critic, voting) in personas/architect.yaml; it takes the place of the bundled persona "architect" in this project\n');

    const forced = new ScriptedPrompts(['AI-Critic', 'critic', 'New', 'voting', '', '', '', '']);
    await run(io, forced, ['add', '--force']);
    expect(forced.rejected).toEqual([]);
    expect(parsePersonaFile('critic.yaml', await readFile(path.join(cwd, 'personas/critic.yaml'), 'utf8')).role).toBe('New');
  });

  it('writes nothing when the person cancels', async () => {
    const { cwd, io } = await terminalProject();
    const cancelled = run(io, new ScriptedPrompts(['AI-Critic', 'critic', CANCEL]), ['add']);
    await expect(cancelled).rejects.toThrow(new InvalidInputError('the wizard was cancelled; no participant was added'));
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('quorum participants remove, on a terminal', () => {
  it('asks first, and removes only when the answer is yes', async () => {
    const { cwd, io, output } = await terminalProject();
    await mkdir(path.join(cwd, 'personas'));
    await writeFile(path.join(cwd, 'personas/critic.yaml'), 'name: AI-Critic\nalias: critic\nrole: Critic\npersonality: Criticise.\n');
    const declined = new ScriptedPrompts([false]);
    await run(io, declined, ['remove', 'critic']);
    expect(declined.asked).toEqual(['Remove personas/critic.yaml (AI-Critic)?']);
    expect(output()).toBe('Nothing was removed.\n');
    expect(await readdir(path.join(cwd, 'personas'))).toEqual(['critic.yaml']);

    await run(io, new ScriptedPrompts([CANCEL]), ['remove', 'critic']);
    expect(await readdir(path.join(cwd, 'personas'))).toEqual(['critic.yaml']);

    await run(io, new ScriptedPrompts([true]), ['remove', 'critic']);
    expect(await readdir(path.join(cwd, 'personas'))).toEqual([]);
    expect(output()).toMatch(/Removed participant critic \(personas\/critic\.yaml\)\n$/);
  });

  it('does not ask with --yes', async () => {
    const { cwd, io } = await terminalProject();
    await mkdir(path.join(cwd, 'personas'));
    await writeFile(path.join(cwd, 'personas/critic.yaml'), 'name: AI-Critic\nalias: critic\nrole: Critic\npersonality: Criticise.\n');
    const prompts = new ScriptedPrompts([]);
    await run(io, prompts, ['remove', 'critic', '--yes']);
    expect(prompts.asked).toEqual([]);
    expect(await readdir(path.join(cwd, 'personas'))).toEqual([]);
  });
});

describe('the wizard lists', () => {
  it('splits expertise at commas, dropping empty items', () => {
    expect(splitList(' a, b ,, c,')).toEqual(['a', 'b', 'c']);
    expect(splitList('  ')).toEqual([]);
  });

  it('splits concerns at commas but keeps a comma inside a question', () => {
    expect(splitQuestions('Will it scale?, Who owns it, and for how long?')).toEqual(['Will it scale?', 'Who owns it, and for how long?']);
    expect(splitQuestions('Is it safe? Is it fast?,cost, time')).toEqual(['Is it safe?', 'Is it fast?', 'cost', 'time']);
    expect(splitQuestions('cost, time')).toEqual(['cost', 'time']);
    expect(splitQuestions('')).toEqual([]);
  });
});
