import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type RunCommandOptions } from './run-command.js';
import { cliScript, isRunning, pidsFrom, until } from './test-helpers/processes.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-run-command-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function options(argv: string[], overrides: Partial<RunCommandOptions> = {}): RunCommandOptions {
  return {
    argv,
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '' },
    input: 'hello',
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('runCommand', () => {
  it('passes stdin through and collects stdout, stderr and the exit code', async () => {
    const outcome = await runCommand(
      options([process.execPath, '-e', "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log(s.toUpperCase());console.error('done');process.exit(4)})"]),
    );
    expect(outcome).toEqual({ kind: 'exited', code: 4, signal: null, stdout: 'HELLO\n', stderr: 'done\n' });
  });

  it('gives the exact environment it is handed', async () => {
    const outcome = await runCommand(
      options([process.execPath, '-e', 'process.stdout.write(JSON.stringify(Object.keys(process.env).filter(k => k.startsWith("QT_"))))'], {
        env: { QT_ONE: '1', QT_TWO: '2' },
      }),
    );
    expect(outcome.kind === 'exited' && JSON.parse(outcome.stdout)).toEqual(['QT_ONE', 'QT_TWO']);
  });

  it('sends SIGKILL to a process group that ignores SIGTERM once the grace period is over', async () => {
    const pidFile = join(dir, 'pids');
    const controller = new AbortController();
    const pending = runCommand(options([process.execPath, cliScript('hang.mjs'), pidFile, '--ignore-sigterm', '--child-ignores-sigterm'], { signal: controller.signal, killGraceMs: 100 }));
    const [leader, grandchild] = await pidsFrom(pidFile);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
    // SIGTERM is ignored by both, so they are still there until the SIGKILL.
    expect(isRunning(leader!)).toBe(true);
    await until(() => !isRunning(leader!) && !isRunning(grandchild!), 'both processes were killed');
  });

  it('stops a process that prints more than the limit and keeps only the last bytes of stderr', async () => {
    const outcome = await runCommand(options([process.execPath, cliScript('huge.mjs')], { maxStdoutBytes: 1024 * 1024, killGraceMs: 100 }));
    expect(outcome).toEqual({ kind: 'stdout-overflow', limit: 1024 * 1024, stderr: '' });

    const noisy = await runCommand(
      options([process.execPath, '-e', "process.stderr.write('a'.repeat(5000) + 'the end')"], { maxStderrBytes: 100 }),
    );
    expect(noisy.kind === 'exited' && noisy.stderr).toBe(`${'a'.repeat(93)}the end`);
  });

  it('reports a program that cannot be started', async () => {
    const outcome = await runCommand(options(['quorum-no-such-program-7f3a']));
    expect(outcome.kind).toBe('spawn-failed');
    expect(outcome.kind === 'spawn-failed' && outcome.error.code).toBe('ENOENT');
  });

  it('starts nothing when the signal has already aborted', async () => {
    const reason = new Error('stopped');
    expect(await runCommand(options([process.execPath, '-e', ''], { signal: AbortSignal.abort(reason) }))).toEqual({
      kind: 'aborted',
      reason,
      stderr: '',
    });
  });
});
