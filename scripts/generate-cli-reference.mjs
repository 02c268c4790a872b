// Writes docs/cli-reference.md from the commander definitions of the built CLI (run
// `npm run build` first). With `--check` it writes nothing and exits 1 when the checked-in
// file differs from what the code generates (packages/cli/test/cli-reference.test.ts does
// the same comparison in the test suite).
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const target = new URL('../docs/cli-reference.md', import.meta.url);
let cli;
try {
  cli = await import('@quorum/cli');
} catch (error) {
  console.error(`cannot import @quorum/cli (${error.message.split('\n')[0]}); run npm run build first`);
  process.exit(1);
}
const io = { cwd: process.cwd(), env: {}, stdinIsTty: false, out: () => {}, err: () => {}, readStdin: async () => '' };
const text = cli.renderCliReference(cli.createProgram(new cli.Project(io, undefined)));

if (process.argv.includes('--check')) {
  if ((await readFile(target, 'utf8').catch(() => undefined)) !== text) {
    console.error('docs/cli-reference.md is stale; run npm run docs');
    process.exit(1);
  }
} else {
  await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
  await writeFile(target, text);
  console.log('wrote docs/cli-reference.md');
}
