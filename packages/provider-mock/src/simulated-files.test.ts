import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TurnDescriptionV1 } from '@quorum/core';
import { FILES_INSTRUCTION, simulatedFiles } from './simulated-files.js';
import { makeTurn, personaOf } from './test-helpers/turns.js';

const IMPLEMENTATION: TurnDescriptionV1['phase'] = {
  id: 'implementation',
  title: 'Implementation',
  goal: 'Build it',
  instructions: 'Give every file as a fenced code block preceded by its path (`src/api/users.ts`), in full.',
  voting: false,
};

/** The files of a reply, as `path -> content`. */
function filesOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^`([^`\n]+)`\n```\w*\n([\s\S]*?)\n```$/gm)].map(([, file, content]) => [file!, `${content!}\n`]));
}

describe('simulatedFiles', () => {
  it('recognises the phases that ask for files', () => {
    expect(FILES_INSTRUCTION.test(IMPLEMENTATION.instructions)).toBe(true);
    expect(FILES_INSTRUCTION.test('Give each test file as a fenced code\n  block preceded by its path.')).toBe(true);
    expect(FILES_INSTRUCTION.test('Compare the plans.')).toBe(false);
  });

  it('delivers a working service: the assembled files pass their own tests with node --test', () => {
    const turn = (alias: string, comments: TurnDescriptionV1['comments'] = []) =>
      makeTurn({ title: 'Build a URL shortener', persona: personaOf(alias), phase: IMPLEMENTATION, comments });
    const comments: TurnDescriptionV1['comments'][number][] = [];
    for (const alias of ['backend-engineer', 'frontend-engineer', 'qa-engineer']) {
      comments.push({ author: personaOf(alias).name, text: simulatedFiles(turn(alias))!, vote: null });
    }
    const assembled = filesOf(simulatedFiles(turn('project-manager', comments))!);
    expect([...assembled.keys()].sort()).toEqual(['README.md', 'package.json', 'public/app.js', 'public/index.html', 'src/server.js', 'src/store.js', 'test/server.test.js']);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-deliverable-'));
    for (const [file, content] of assembled) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    const result = spawnSync(process.execPath, ['--test'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(result.stdout + result.stderr).toMatch(/# pass 4/);
    expect(result.status).toBe(0);
  });

  it('is the same for the same turn, and nothing for a persona with nothing to build', () => {
    const turn = makeTurn({ persona: personaOf('backend-engineer'), phase: IMPLEMENTATION });
    expect(simulatedFiles(turn)).toBe(simulatedFiles(turn));
    expect(simulatedFiles(makeTurn({ persona: personaOf('dreamer'), phase: IMPLEMENTATION }))).toBeUndefined();
  });
});
