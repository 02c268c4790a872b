// Shared Vitest settings for every package: tests run against the TypeScript
// sources of sibling packages (no build needed), and when QUORUM_TEST_REPORT is set
// each package writes vitest's JSON report so .ci/run can count passes and failures.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@quorum\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      { find: /^@quorum\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
    ],
  },
  test: {
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: process.env.QUORUM_TEST_REPORT
      ? ['default', ['json', { outputFile: 'test-report.json' }]]
      : ['default'],
  },
});
