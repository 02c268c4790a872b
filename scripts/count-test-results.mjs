// Sums vitest's JSON reports (packages/*/test-report.json and examples/plugins/*/test-report.json,
// written when QUORUM_TEST_REPORT is set) and prints `tests: N passed, N failed`. A package with a test script but no
// report (it crashed or never ran) counts as one failure. Exit code 1 when anything failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The workspaces with tests: the packages and the example plugins.
const workspaces = ['../packages/', '../examples/plugins/'].flatMap((relative) => {
  const dir = fileURLToPath(new URL(relative, import.meta.url));
  return existsSync(dir) ? readdirSync(dir).sort().map((name) => ({ name, dir: path.join(dir, name) })) : [];
});
let passed = 0;
let failed = 0;
for (const { name, dir } of workspaces) {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const reportFile = path.join(dir, 'test-report.json');
  if (!existsSync(reportFile)) {
    console.log(`${name}: no test report (its tests did not run to the end)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const suiteFailures = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + suiteFailures;
  console.log(`${name}: ${report.numPassedTests} passed, ${report.numFailedTests + suiteFailures} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
