// A CLI that never answers, with a child process of its own (as wrappers such as `codex` have).
// Usage: hang.mjs <pid-file> [--ignore-sigterm] [--child-ignores-sigterm]
// Once both are ready (signal handlers installed), writes "<own pid> <child pid>" to the file.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const flags = new Set(process.argv.slice(3));
if (flags.has('--ignore-sigterm')) process.on('SIGTERM', () => {});
const childCode = `${flags.has('--child-ignores-sigterm') ? "process.on('SIGTERM', () => {});" : ''} process.stdout.write('ready'); setInterval(() => {}, 1000);`;
const child = spawn(process.execPath, ['-e', childCode], { stdio: ['ignore', 'pipe', 'ignore'] });
child.stdout.once('data', () => writeFileSync(process.argv[2], `${process.pid} ${child.pid}`));
setInterval(() => {}, 1000);
