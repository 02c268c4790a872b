import { spawn, type ChildProcess } from 'node:child_process';

/** What to run and how. */
export interface RunCommandOptions {
  /** Program first, then its arguments, passed as they are: no shell reads them. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The complete environment of the process. */
  readonly env: Readonly<Record<string, string>>;
  /** Written to stdin, which is then closed. */
  readonly input: string;
  /** Stops the process: SIGTERM to its process group, then SIGKILL after `killGraceMs`. */
  readonly signal: AbortSignal;
  /** How long a process may take to exit after SIGTERM before it gets SIGKILL (default 2000). */
  readonly killGraceMs?: number;
  /** Most bytes of stdout kept; a process printing more is stopped (default 4 MiB). */
  readonly maxStdoutBytes?: number;
  /** Most bytes of stderr kept, the last ones (default 1 MiB). */
  readonly maxStderrBytes?: number;
}

/** How a run ended. */
export type RunCommandOutcome =
  /** The process exited by itself: `code` is null when a signal ended it. */
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }
  /** The process could not be started (`ENOENT`, `EACCES`…). */
  | { readonly kind: 'spawn-failed'; readonly error: NodeJS.ErrnoException }
  /** `options.signal` aborted; the process is being stopped. */
  | { readonly kind: 'aborted'; readonly reason: unknown; readonly stderr: string }
  /** stdout went over `maxStdoutBytes`; the process is being stopped. */
  | { readonly kind: 'stdout-overflow'; readonly limit: number; readonly stderr: string };

export const DEFAULT_KILL_GRACE_MS = 2_000;
export const DEFAULT_MAX_STDOUT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_STDERR_BYTES = 1024 * 1024;

/** On POSIX each command leads a process group of its own, so stopping it stops its children. */
const USE_PROCESS_GROUPS = process.platform !== 'win32';

/**
 * Process groups still running that this module started and is stopping (or that are running
 * when the host exits): killed when the host process exits, so none is left behind.
 */
const liveGroups = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveGroups) signalTree(child, 'SIGKILL');
  });
}

/**
 * Runs a program without a shell (`spawn` with an argv array and `shell: false`), writes
 * `input` to its stdin and collects stdout and stderr. Never rejects: every way a run can end
 * is an outcome. When the signal aborts, it resolves at once with `aborted` and stops the
 * process in the background: SIGTERM to its process group, SIGKILL after `killGraceMs`.
 */
export function runCommand(options: RunCommandOptions): Promise<RunCommandOutcome> {
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const maxStdoutBytes = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  const maxStderrBytes = options.maxStderrBytes ?? DEFAULT_MAX_STDERR_BYTES;
  const [program, ...args] = options.argv;
  if (program === undefined) throw new TypeError('runCommand needs a program in argv');

  return new Promise<RunCommandOutcome>((resolve) => {
    if (options.signal.aborted) {
      resolve({ kind: 'aborted', reason: options.signal.reason, stderr: '' });
      return;
    }

    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: USE_PROCESS_GROUPS,
      windowsHide: true,
    });

    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr = new Collector(maxStderrBytes);
    let settled = false;

    const settle = (outcome: RunCommandOutcome): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };

    /** SIGTERM now, SIGKILL after the grace period unless the group is gone. */
    const stop = (): void => {
      if (child.pid === undefined) return;
      signalTree(child, 'SIGTERM');
      const timer = setTimeout(() => {
        signalTree(child, 'SIGKILL');
        liveGroups.delete(child);
      }, killGraceMs);
      timer.unref();
    };

    const onAbort = (): void => {
      settle({ kind: 'aborted', reason: options.signal.reason, stderr: stderr.text() });
      stop();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });

    if (child.pid !== undefined) {
      liveGroups.add(child);
      installExitHook();
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Emitted when the program cannot be started; a failed kill is not worth reporting.
      if (child.pid === undefined) settle({ kind: 'spawn-failed', error });
    });

    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdoutBytes) {
        settle({ kind: 'stdout-overflow', limit: maxStdoutBytes, stderr: stderr.text() });
        stop();
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));

    child.on('exit', () => {
      // A group being stopped stays listed until its SIGKILL: children may outlive the leader.
      if (!settled) liveGroups.delete(child);
    });
    child.on('close', (code, signal) => {
      settle({ kind: 'exited', code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: stderr.text() });
    });

    // A process that exits without reading its input makes the write fail with EPIPE (or
    // ECONNRESET); its exit code and output say what happened, so the error is dropped here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** Sends a signal to the process group a child leads (or to the child alone on Windows). */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (USE_PROCESS_GROUPS) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group has already gone.
  }
}

/** Keeps the last `limit` bytes written to it. */
class Collector {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limit && this.chunks.length > 1) {
      this.bytes -= this.chunks.shift()!.length;
    }
    if (this.bytes > this.limit) {
      const only = this.chunks[0]!;
      this.chunks = [only.subarray(only.length - this.limit)];
      this.bytes = this.limit;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
